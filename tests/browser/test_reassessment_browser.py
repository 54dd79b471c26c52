"""Re-assessment after logged pain: the proposal follows the client (CLINICAL.md sections 10-11)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from programs.models import Prescription, Program
from programs.pain import completion_pain_record
from tests.factory import (
    PASSWORD,
    load_library,
    make_client,
    make_coach,
    make_program,
    make_session,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_logged_5_of_10_steps_the_ladder_down_and_the_program_starts_where_the_client_is(
    live_server, desktop_page: Page
) -> None:
    load_library()
    coach = make_coach(username="dana")
    athlete = make_client(coach=coach, name="Sam Lee")
    baseline = make_session(
        client=athlete,
        assessed_on=date(2026, 10, 20),
        ktw_left_cm=6.0,
        ktw_right_cm=11.0,
        step_down_valgus_left=True,
    )
    program = make_program(session=baseline)
    # The coach moved Sam on to Control, where the lateral step-down is.
    Program.objects.filter(pk=program.pk).update(
        current_phase=2, phase_started_on=date(2026, 11, 3)
    )
    lateral = Prescription.objects.get(
        phase__program=program, phase__number=2, drill__slug="lateral-step-down"
    )
    completion_pain_record(
        client=athlete,
        prescription=lateral,
        on_date=date(2026, 11, 10),
        pain=5,
        note="sharp at the bottom",
    )
    retest = make_session(
        client=athlete,
        assessed_on=date(2026, 11, 24),
        ktw_left_cm=6.5,
        ktw_right_cm=11.0,
        step_down_valgus_left=True,
    )

    page = desktop_page
    page.goto(f"{live_server.url}/sessions/{retest.pk}/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Generate program").click()
    expect(page.get_by_role("heading", name="Proposed next program")).to_be_visible()

    step_down_row = page.locator(".prescription", has_text="Supported step-down").first
    expect(step_down_row).to_contain_text("One rung down")
    expect(step_down_row).to_contain_text("5/10")
    ankle_row = (
        page.locator(".prescription", has=page.locator(".move"))
        .filter(has_text="knee-to-wall")
        .first
    )
    expect(ankle_row).to_be_visible()
    # Control's two weeks have passed, but the knee still dives in: Sam stays.
    expect(page.locator("#phase-verdict")).to_contain_text("Stays in phase 2")
    expect(page.locator("#phase-verdict")).to_contain_text(
        "not every exit criterion is met yet"
    )
    expect(page.locator("#phase-verdict")).to_contain_text("Not yet")
    # The change table fits its card on a laptop (no Verdict column behind a scrollbar)...
    fits = page.locator(".change-table").evaluate(
        "t => t.scrollWidth <= t.parentElement.clientWidth"
    )
    assert fits
    expect(page.locator(".change-table th", has_text="Verdict")).to_be_visible()
    # ...and on a 360 px phone the page never scrolls sideways; the table scrolls in its wrapper.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator("#change-caption")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    body = page.locator("main").inner_text()
    for raw in ("pain_during", "knee_control", "lateral-step-down", "None", "True"):
        assert raw not in body

    page.get_by_role("button", name="Accept & publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    accepted = Program.objects.get(status=Program.Status.PUBLISHED, client=athlete)
    assert accepted.pk != program.pk
    numbers = list(accepted.phases.order_by("number").values_list("number", flat=True))
    assert numbers[0] == 2 and accepted.current_phase == 2
    first = Prescription.objects.filter(phase__program=accepted, phase__number=2)
    assert first.filter(drill__slug="supported-step-down", move="down").exists()
    assert first.filter(drill__ladder="ankle").exists()
    assert not first.filter(drill__slug="lateral-step-down").exists()

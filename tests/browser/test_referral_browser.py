"""A red-flag session stops programming until a clinician's clearance (CLINICAL.md section 8)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import AssessmentSession, Referral
from programs.models import Prescription, Program
from tests.factory import PASSWORD, load_library, make_client, make_coach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_cannot_program_past_red_flags_until_a_clearance(
    live_server, desktop_page: Page
) -> None:
    load_library()
    coach = make_coach(username="dana")
    athlete = make_client(coach=coach, name="Sam Lee")
    page = desktop_page

    page.goto(f"{live_server.url}/sessions/new/{athlete.pk}/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Left knee-to-wall").fill("6")
    page.get_by_label("Right knee-to-wall").fill("11")
    page.get_by_label("Left knee dives in on step-down").check()
    # The red flag, not the knee questionnaire's "10. Swelling" question.
    page.get_by_role("checkbox", name="Swelling").check()
    page.get_by_label("Giving way").check()
    page.get_by_role("button", name="Finalise").click()

    expect(page.get_by_text("No program until cleared.")).to_be_visible()
    expect(page.get_by_role("button", name="Generate program")).to_have_count(0)
    session = AssessmentSession.objects.get(client=athlete)
    assert Referral.objects.open().filter(session=session).exists()

    page.get_by_role("link", name="Record the clinician's clearance").click()
    expect(page.get_by_role("heading", name="Referred to a clinician")).to_be_visible()
    page.get_by_role("link", name="Record clearance").click()
    page.get_by_label("Cleared by").fill("Dr A. Patel, sports physician")
    page.get_by_label("No external load").check()
    page.get_by_label("Note").fill("Effusion settled; stable on testing.")
    page.get_by_role("button", name="Record clearance").click()

    expect(page.get_by_text("Clearance recorded.")).to_be_visible()
    expect(page.locator("#referral")).to_contain_text("Dr A. Patel, sports physician")
    expect(page.locator("#referral")).to_contain_text("No external load")

    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_role("button", name="Generate program").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Program for Sam Lee"))
    ).to_be_visible()
    expect(page.get_by_text("Built after a referral.")).to_be_visible()
    expect(page.locator("#program-limits")).to_contain_text("No external load")
    expect(page.locator(".prescription .badge-warn", has_text="Loaded")).to_have_count(
        0
    )

    program = Program.objects.get(client=athlete)
    assert Prescription.objects.filter(phase__program=program).exists()
    assert not Prescription.objects.filter(
        phase__program=program, drill__loaded=True
    ).exists()

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from assessments.models import AssessmentSession
from tests.factory import PASSWORD, make_client, make_coach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_enters_a_session_in_inches_and_sees_findings_live(
    live_server, desktop_page: Page
) -> None:
    coach = make_coach(username="dana")
    athlete = make_client(coach=coach, name="Sam Lee")
    page = desktop_page
    console_errors: list[str] = []

    def keep_error(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    page.on("console", keep_error)

    page.goto(f"{live_server.url}/sessions/new/{athlete.pk}/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="New assessment: Sam Lee")).to_be_visible()

    panel = page.locator("#findings-panel")
    expect(panel).to_contain_text("No findings yet")

    # Left and right sit side by side on a laptop.
    left = page.get_by_label("Left knee-to-wall")
    right = page.get_by_label("Right knee-to-wall")
    left_box, right_box = left.bounding_box(), right.bounding_box()
    assert left_box and right_box
    assert right_box["x"] > left_box["x"] + left_box["width"]
    assert abs(right_box["y"] - left_box["y"]) < 2

    # A value typed before switching units is converted, not reinterpreted.
    left.fill("7")
    page.get_by_label("inches").check()
    expect(left).to_have_value("2.76")
    expect(page.locator("#field-ktw_left_cm [data-unit-suffix]")).to_have_text("in")
    left.fill("2.75")
    right.fill("4.5")
    page.get_by_label("Heels come off the floor").check()

    expect(
        panel.get_by_role("heading", name=re.compile(r"ankle.*, left ", re.IGNORECASE))
    ).to_have_count(2)
    expect(panel).to_contain_text("Left knee-to-wall: 7.0 cm")
    expect(panel).to_contain_text("Heels rise in the squat")
    expect(panel).not_to_contain_text(", right")
    assert not AssessmentSession.objects.exists()

    # Leaving a field with an impossible value puts the message on the field.
    page.get_by_label("Left single-leg stance").fill("900")
    page.get_by_label("Right single-leg stance").focus()
    expect(page.locator("#field-stance_left_s .error")).to_have_text(
        "Single-leg stance must be between 0 and 600 seconds"
    )
    # htmx wires up swapped-in content when it settles (20 ms later); a person
    # cannot type that fast, but Playwright can, so wait until it has settled.
    expect(page.locator("#field-stance_left_s")).not_to_have_class(
        re.compile(r"\bhtmx-(added|settling)\b")
    )
    page.get_by_label("Left single-leg stance").fill("25")
    page.get_by_label("Right single-leg stance").fill("30")
    expect(page.locator("#field-stance_left_s .error")).to_have_count(0)

    page.get_by_role("button", name="Finalise").click()
    expect(page.get_by_role("heading", name=re.compile("Session of"))).to_be_visible()
    expect(page.get_by_text("Final and read-only")).to_be_visible()
    expect(page.get_by_role("link", name="Compare with previous")).to_be_visible()
    expect(page.get_by_role("button", name="Generate program")).to_be_visible()
    expect(page.locator("input[name='ktw_left_cm']")).to_have_count(0)

    session = AssessmentSession.objects.get(client=athlete)
    assert session.status == "final"
    assert session.ktw_left_cm == pytest.approx(6.985)
    assert session.ktw_right_cm == pytest.approx(11.43)
    assert session.heels_rise is True
    assert session.stance_left_s == 25
    # No script or style was blocked by the Content-Security-Policy.
    assert not [text for text in console_errors if "Content Security Policy" in text]

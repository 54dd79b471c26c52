"""A coach fills the Anterior Knee Pain Scale's questions and dynamometer readings (real Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessments.models import AssessmentSession
from tests.browser.test_plan_pain_browser import assert_accessible
from tests.factory import PASSWORD, make_client, make_coach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_answers_the_questions_and_records_readings_in_newtons(
    live_server, desktop_page: Page
) -> None:
    coach = make_coach(username="dana")
    athlete = make_client(coach=coach, name="Sam Lee")
    page = desktop_page
    page.goto(f"{live_server.url}/sessions/new/{athlete.pk}/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="New assessment: Sam Lee")).to_be_visible()

    # The readings show the unit chosen for them.
    page.get_by_label("N (newtons)").check()
    expect(page.locator("#field-abduction_dyn_left [data-dyn-suffix]")).to_have_text(
        "N"
    )
    page.get_by_label("Left hip abduction dynamometer").fill("180")
    page.get_by_label("Right hip abduction dynamometer").fill("150")
    page.get_by_label("Body mass (optional)").fill("70")

    # The 13 questions are folded away until the coach opens them.
    limp = page.get_by_label("1. Limp")
    expect(limp).to_be_hidden()
    page.get_by_text("Fill in the 13 questions instead").click()
    expect(limp).to_be_visible()
    assert_accessible(page)
    for number in range(1, 14):
        page.locator(f"#id_kujala_item_{number}").select_option(index=1)  # the best
    page.get_by_label("4. Stairs").select_option(
        label="Slight pain when descending (8)"
    )

    page.get_by_role("button", name="Finalise").click()
    expect(page.get_by_role("heading", name="Session of", exact=False)).to_be_visible()
    session = AssessmentSession.objects.get()
    assert session.kujala_score == 98
    assert session.abduction_dyn_unit == "N"
    expect(page.get_by_role("cell", name="98 of 100")).to_be_visible()
    expect(page.get_by_role("cell", name="2.57 N per kg")).to_be_visible()
    expect(
        page.get_by_text("Single-leg stance age-band norms not shown", exact=False)
    ).to_have_count(0)

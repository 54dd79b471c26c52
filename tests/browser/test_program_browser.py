from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from programs.models import Prescription, Program
from tests.factory import (
    PASSWORD,
    load_library,
    make_client,
    make_coach,
    make_program,
    make_session,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_swaps_a_drill_for_its_easier_rung_and_publishes(
    live_server, desktop_page: Page
) -> None:
    load_library()
    coach = make_coach(username="dana")
    program = make_program(
        session=make_session(client=make_client(coach=coach, name="Sam Okafor")),
        publish=False,
    )
    prescription = Prescription.objects.get(
        phase__program=program, phase__number=2, drill__slug="banded-ankle-distraction"
    )

    page = desktop_page
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Program for Sam Okafor")).to_be_visible()
    expect(page.locator(".program-status")).to_have_text("Draft")

    row = page.locator(f"#prescription-{prescription.pk}")
    expect(row.get_by_role("heading", level=3)).to_have_text("Banded ankle distraction")
    row.get_by_role("button", name="Easier: Calf and soleus wall stretch").click()
    # htmx swaps the phases region in place: the row now shows the easier rung.
    expect(row.get_by_role("heading", level=3)).to_have_text(
        "Calf and soleus wall stretch"
    )
    expect(page.get_by_role("status")).to_contain_text(
        "Swapped Banded ankle distraction for Calf and soleus wall stretch."
    )
    expect(page.locator('#program-phases input[name="version"]').first).to_have_value(
        "2"
    )
    # No page load happened (a plain form post would land on #prescription-N).
    expect(page).to_have_url(f"{live_server.url}/programs/{program.pk}/")

    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".program-status")).to_have_text("Published")
    program.refresh_from_db()
    assert program.status == Program.Status.PUBLISHED
    assert (
        Prescription.objects.get(pk=prescription.pk).drill.slug == "calf-soleus-stretch"
    )

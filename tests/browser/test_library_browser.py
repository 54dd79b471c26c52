"""A library editor edits a cue and moves a rung in the admin; the client's plan shows the new cue."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from programs.library.services import library_editor_grant
from programs.models import Drill
from tests.factory import (
    PASSWORD,
    make_client,
    make_client_user,
    make_library_editor,
    make_program,
    make_session,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_CUE = "Press the heel down like stubbing out a cigarette"


def test_an_editor_changes_a_cue_and_a_rung_and_the_client_sees_it(
    live_server,
    desktop_page: Page,
) -> None:
    program = make_program(session=make_session(client=make_client(name="Maya Okafor")))
    client_user = make_client_user(client=program.client)
    # Transactional tests flush the database, the migration's group with it.
    library_editor_grant(make_library_editor(username="lee", first_name="Lee"))
    page = desktop_page

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("lee")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Drills").first.click()
    # The list fits a 1280 px laptop: no sideways scroll, names on at most two lines.
    table = page.locator("#result_list")
    expect(table.locator("th.column-dose")).to_be_visible()
    assert table.evaluate(
        "t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"
    )
    # An inline link has one box per line it wraps onto.
    lines = table.locator("th.field-drill_name a").evaluate_all(
        "links => links.map(a => a.getClientRects().length)"
    )
    assert lines and max(lines) <= 2, lines
    page.get_by_role("searchbox").fill("Calf and soleus")
    page.get_by_role("searchbox").press("Enter")
    page.locator("#result_list").get_by_role(
        "link", name="Calf and soleus wall stretch"
    ).click()

    cues = page.get_by_label("Cues")
    old_cues = cues.input_value().splitlines()
    cues.fill("\n".join([NEW_CUE, *old_cues[1:]]))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.locator("#result_list").get_by_role(
        "link", name="Calf and soleus wall stretch"
    ).click()
    expect(page.locator(".drill-ladder")).to_contain_text(
        "Rung above: Banded ankle distraction"
    )
    page.get_by_role("link", name="Banded ankle distraction").first.click()
    page.get_by_role("button", name="Move one rung up").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Banded ankle distraction is now rung 3 of the ladder “Ankle”"
    )
    expect(page.locator(".drill-ladder")).to_contain_text(
        "Rung below: Knee-to-wall rocks"
    )
    assert (
        Drill.objects.get(previous_rung__slug="calf-soleus-stretch").slug
        == "knee-to-wall-rocks"
    )
    page.get_by_role("link", name="History", exact=True).click()
    expect(page.locator(".drill-history")).to_contain_text("Lee")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(client_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/plan/")
    expect(page.get_by_text(NEW_CUE)).to_be_visible()

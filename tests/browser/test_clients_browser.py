"""A coach adds a client, finds them with the search box and opens their page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factory import PASSWORD, make_client, make_coach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_adds_a_client_and_finds_them_by_searching(
    live_server, desktop_page: Page
) -> None:
    page = desktop_page
    coach = make_coach(username="dana", first_name="Dana")
    for name in ("Tom Brennan", "Ines Duarte", "George Hall"):
        make_client(coach=coach, name=name, activity="Rugby")

    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Dana")).to_be_visible()

    page.get_by_role("link", name="Add a client").click()
    # On a phone, a checkbox beside a long "Must avoid" label keeps its size,
    # and each label row is a 44 px target.
    page.set_viewport_size({"width": 360, "height": 800})
    sizes = page.locator("#field-contraindication_codes label.check").evaluate_all(
        "labels => labels.map(l => [l.querySelector('input').getBoundingClientRect().width,"
        " l.getBoundingClientRect().height])"
    )
    assert sizes and all(width >= 24 and height >= 44 for width, height in sizes)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Name").fill("Maya Okafor")
    page.get_by_label("Sport or activity").fill("Trail running")
    page.get_by_label("Goals").fill("Run 10 km without knee pain")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", name="Maya Okafor", level=1)).to_be_visible()
    expect(page.get_by_text("Maya Okafor added.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Clients"
    ).click()
    results = page.locator("#client-results")
    expect(results.get_by_role("link", name="Tom Brennan")).to_be_visible()
    # "Add a client" sits on the heading's line, centred with it.
    middles = page.evaluate(
        "[...document.querySelectorAll('.client-list-head > *')].map(e => {"
        " const r = e.getBoundingClientRect(); return r.top + r.height / 2; })"
    )
    assert len(middles) == 2 and abs(middles[0] - middles[1]) <= 2
    # Mark this document: a full page load would lose the mark, an htmx swap keeps it.
    page.evaluate("window.weaklinkMark = 'same page'")

    page.get_by_label("Search by name or activity").press_sequentially(
        "trail", delay=40
    )
    expect(results.get_by_role("link", name="Maya Okafor")).to_be_visible()
    expect(results.get_by_role("link", name="Tom Brennan")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/clients/\?q=trail"))
    assert page.evaluate("window.weaklinkMark") == "same page"

    results.get_by_role("link", name="Maya Okafor").click()
    expect(page.get_by_role("heading", name="Maya Okafor", level=1)).to_be_visible()
    expect(page.get_by_text("Trail running")).to_be_visible()
    expect(page.get_by_role("link", name="New assessment").first).to_be_visible()

"""The load education card on a small phone (360 px, real Chromium), with and without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from clients.links import link_issue
from tests.browser.test_plan_pain_browser import (
    SMALL_PHONE,
    assert_accessible,
    open_link,
)
from tests.factory import make_client, make_program, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_knee_pain_plan() -> str:
    client = make_client(name="Maya Okafor")
    make_program(
        session=make_session(client=client, anterior_knee_pain=True, knee_pain_nrs=3)
    )
    return link_issue(client=client, user=client.coach).token


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_card_reads_on_a_small_phone_and_links_to_the_pain_features(
    live_server, browser, phone_context_args: dict, javascript: bool
) -> None:
    token = make_knee_pain_plan()
    context = browser.new_context(
        **{
            **phone_context_args,
            "viewport": SMALL_PHONE,
            "java_script_enabled": javascript,
        }
    )
    page: Page = context.new_page()
    try:
        open_link(page, live_server, token)
        card = page.locator("#knee-load")
        expect(card.get_by_role("heading", name="Your knee and load")).to_be_visible()
        expect(card).to_contain_text("Pain up to 3 out of 10 during a drill is OK")
        box = card.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        if javascript:  # axe runs as a script in the page
            assert_accessible(page)

        card.get_by_role("link", name="pain today").click()
        expect(page).to_have_url(f"{live_server.url}{reverse('plan:today')}#pain-form")
        expect(page.locator("#pain-form")).to_be_in_viewport()
        card.get_by_role("link", name="report a worrying symptom").click()
        expect(page.locator("#symptoms")).to_be_in_viewport()
    finally:
        context.close()

"""Time zones from the browser and the client's reminders, in real Chromium on a 360 px phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from clients.links import link_issue
from clients.models import Client, User
from clients.reminders import unsubscribe_token
from tests.factory import PASSWORD, make_client, make_coach, make_program, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAP = 44


def serious(page: Page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def small_targets(page: Page, selector: str) -> list:
    targets = page.locator(selector)
    assert targets.count() > 0
    small = []
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box is not None
        if box["height"] < TAP or box["width"] < TAP:
            small.append(
                (targets.nth(index).evaluate("e => e.outerHTML.slice(0, 80)"), box)
            )
    return small


@pytest.fixture
def la_phone(browser, phone_context_args: dict):
    context = browser.new_context(
        **{**phone_context_args, "viewport": {"width": 360, "height": 780}},
        timezone_id="America/Los_Angeles",
    )
    page = context.new_page()
    yield page
    context.close()


def test_a_client_gets_their_phones_zone_and_turns_reminders_on(
    live_server, la_phone: Page
) -> None:
    client = make_client(name="Maya Okafor")
    make_program(session=make_session(client=client))
    token = link_issue(client=client, user=client.coach).token
    with la_phone.expect_response(
        lambda r: r.url.endswith("/accounts/time-zone/")
    ) as sent:
        la_phone.goto(f"{live_server.url}{reverse('links:open', args=[token])}")
    assert sent.value.status == 204
    client.refresh_from_db()
    assert client.time_zone == "America/Los_Angeles"
    assert client.user is not None
    assert User.objects.get(pk=client.user.pk).time_zone == "America/Los_Angeles"

    la_phone.get_by_role("link", name="Email reminders").click()
    expect(la_phone.get_by_role("heading", name="Email reminders")).to_be_visible()
    expect(la_phone.locator("main")).to_contain_text("America/Los Angeles")
    assert serious(la_phone) == []
    assert (
        small_targets(
            la_phone,
            "main form input:visible:not([type=checkbox]), main form button:visible, main form label.check-option",
        )
        == []
    )
    assert la_phone.evaluate("document.documentElement.scrollWidth") <= 360

    la_phone.get_by_label("Email me on my training days").check()
    la_phone.get_by_label("Your email").fill("maya@example.com")
    la_phone.get_by_label("At").fill("18:30")
    la_phone.get_by_role("button", name="Save").click()
    expect(la_phone.get_by_text("Reminders on.")).to_be_visible()
    client.refresh_from_db()
    assert client.reminders_on
    assert client.email == "maya@example.com"


def test_the_stop_link_works_signed_out_on_a_phone(live_server, la_phone: Page) -> None:
    client = make_client(email="maya@example.com", reminders_on=True)
    la_phone.goto(
        f"{live_server.url}{reverse('reminders:stop', args=[unsubscribe_token(client)])}"
    )
    assert serious(la_phone) == []
    assert small_targets(la_phone, "main button") == []
    la_phone.get_by_role("button", name="Stop reminders").click()
    expect(la_phone.get_by_text("no more reminder emails")).to_be_visible()
    assert not Client.objects.get(pk=client.pk).reminders_on


def test_a_coach_in_sydney_signs_in_and_finds_their_zone_in_settings(
    live_server, browser, browser_context_args: dict
) -> None:
    coach = make_coach(username="dana")
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 900}},
        timezone_id="Australia/Sydney",
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("dana")
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_response(lambda r: r.url.endswith("/accounts/time-zone/")):
            page.get_by_role("button", name="Sign in").click()
        coach.refresh_from_db()
        assert coach.time_zone == "Australia/Sydney"
        page.get_by_role("link", name="Settings").click()
        expect(page.get_by_label("Your time zone")).to_have_value("Australia/Sydney")
        assert serious(page) == []
        page.get_by_label("inches (in)").check()
        page.get_by_role("button", name="Save settings").click()
        expect(page.get_by_text("Settings saved.")).to_be_visible()
        coach.refresh_from_db()
        assert coach.distance_unit == "in"
    finally:
        context.close()

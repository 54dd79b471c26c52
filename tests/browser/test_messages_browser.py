"""Messages in real Chromium: a client writes on a 360 px phone, the coach reads it and the count clears."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from clients.links import link_issue
from clients.models import Message
from tests.factory import PASSWORD, make_client, make_coach, make_program, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAP = 44
PHONE_WIDTH = 360


@pytest.fixture
def small_phone(browser, phone_context_args: dict):
    context = browser.new_context(
        **{**phone_context_args, "viewport": {"width": PHONE_WIDTH, "height": 740}}
    )
    page = context.new_page()
    yield page
    context.close()


def serious(page: Page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def small_targets(page: Page, selector: str) -> list:
    targets = page.locator(selector)
    assert targets.count() >= 2
    small = []
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box is not None
        if box["height"] < TAP or box["width"] < TAP:
            small.append(
                (targets.nth(index).evaluate("e => e.outerHTML.slice(0, 80)"), box)
            )
    return small


def test_a_message_from_the_client_reaches_the_coach_and_the_count_clears(
    live_server, small_phone: Page, desktop_page: Page
) -> None:
    coach = make_coach(username="dana", first_name="Dana")
    maya = make_client(coach=coach, name="Maya Okafor")
    make_program(session=make_session(client=maya))
    token = link_issue(client=maya, user=coach).token

    # The client, on a 360 px phone: from the plan to the thread, sent with htmx.
    phone = small_phone
    phone.goto(f"{live_server.url}{reverse('links:open', args=[token])}")
    phone.get_by_role("link", name="Messages with your coach").click()
    expect(
        phone.get_by_role("heading", name="Messages with your coach")
    ).to_be_visible()
    assert serious(phone) == []
    assert (
        small_targets(
            phone, "#thread button:visible, #thread textarea:visible, .back-link"
        )
        == []
    )
    phone.get_by_label("Your message").fill("My left knee clicked on the step-downs")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#thread")).to_contain_text(
        "My left knee clicked on the step-downs"
    )
    expect(phone.get_by_role("status").filter(has_text="Sent.")).to_be_visible()
    expect(phone.get_by_label("Your message")).to_have_value("")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    # An empty message: a field message, nothing sent.
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#thread")).to_contain_text("Write a message before sending.")
    assert Message.objects.count() == 1

    # The coach: the home page counts it, the client page shows it, reading clears it.
    page = desktop_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    unread = page.locator("#unread-messages")
    expect(unread).to_contain_text("Maya Okafor")
    expect(unread.locator("[data-unread]")).to_have_text("1 unread")
    unread.get_by_role("link", name="Maya Okafor").click()
    expect(page.locator("#thread")).to_contain_text(
        "My left knee clicked on the step-downs"
    )
    assert serious(page) == []
    page.get_by_label("Your message").fill("Thanks Maya, take them slower this week")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread")).to_contain_text("take them slower")
    page.get_by_role("link", name="Maya Okafor").first.click()
    card = page.locator("#messages-card")
    expect(card).to_contain_text("My left knee clicked on the step-downs")
    expect(card.locator("[data-unread]")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#unread-messages")).to_have_count(0)

    # Back on the phone: the coach's reply is counted on the plan, then read.
    phone.goto(f"{live_server.url}{reverse('plan:today')}")
    link = phone.get_by_role("link", name="Messages with your coach")
    expect(link.locator("[data-unread]")).to_have_text("1 new")
    assert small_targets(phone, ".plan-messages a, .nav a") == []
    link.click()
    expect(phone.locator("#thread")).to_contain_text("take them slower")
    phone.goto(f"{live_server.url}{reverse('plan:today')}")
    expect(
        phone.get_by_role("link", name="Messages with your coach").locator(
            "[data-unread]"
        )
    ).to_have_count(0)


def test_the_coach_previews_the_plan_with_every_control_disabled(
    live_server, desktop_page: Page
) -> None:
    coach = make_coach(username="dana", first_name="Dana")
    maya = make_client(coach=coach, name="Maya Okafor")
    make_program(session=make_session(client=maya))
    page = desktop_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{reverse('clients:detail', args=[maya.pk])}")
    page.get_by_role("link", name="Preview as the client").click()
    expect(page.get_by_role("note").filter(has_text="Preview:")).to_be_visible()
    done = page.get_by_role("button", name="Mark done").first
    expect(done).to_be_disabled()
    assert serious(page) == []


def test_the_client_sends_a_message_without_javascript(
    live_server, browser, phone_context_args: dict
) -> None:
    maya = make_client(name="Maya Okafor")
    token = link_issue(client=maya, user=maya.coach).token
    context = browser.new_context(
        **{
            **phone_context_args,
            "viewport": {"width": PHONE_WIDTH, "height": 740},
            "java_script_enabled": False,
        }
    )
    phone = context.new_page()
    try:
        phone.goto(f"{live_server.url}{reverse('links:open', args=[token])}")
        phone.get_by_role("link", name="Messages with your coach").click()
        phone.get_by_label("Your message").fill("Sent from a plain form")
        phone.get_by_role("button", name="Send").click()
        # A plain POST and a redirect back to the thread.
        expect(phone).to_have_url(
            f"{live_server.url}{reverse('plan-messages:thread')}#message-form"
        )
        expect(phone.locator("#thread")).to_contain_text("Sent from a plain form")
        # An empty message comes back with the field message.
        phone.get_by_role("button", name="Send").click()
        expect(phone.locator("#id_body_error")).to_have_text(
            "Write a message before sending."
        )
    finally:
        context.close()
    assert Message.objects.get().body == "Sent from a plain form"

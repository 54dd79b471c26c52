"""How, when and offline on a small phone (360 px, real Chromium): the drill's instructions,
a rest day, and a drill marked done without signal that reaches the server later."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.links import link_issue
from clients.schedule import WEEKDAY_NAMES
from programs.models import Completion, Drill
from tests.factory import make_client, make_program, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAP = 44
SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def small_phone(browser, phone_context_args: dict):
    context = browser.new_context(**{**phone_context_args, "viewport": SMALL_PHONE})
    page = context.new_page()
    yield page
    context.close()


def make_plan(*, training_days: list[int]):
    client = make_client(name="Maya Okafor", training_days=training_days)
    program = make_program(session=make_session(client=client))
    prescription = (
        program.phases.get(number=1)
        .prescriptions.select_related("drill")
        .order_by("order", "id")
        .first()
    )
    return client, prescription, link_issue(client=client, user=client.coach).token


def open_link(page: Page, live_server, token: str) -> None:
    page.goto(f"{live_server.url}{reverse('links:open', args=[token])}")
    expect(page).to_have_url(f"{live_server.url}{reverse('plan:today')}")


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    bad = [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in bad
    ]


def test_the_instructions_open_and_close_with_one_tap(
    live_server, small_phone: Page
) -> None:
    today = timezone.localdate().weekday()
    _, prescription, token = make_plan(training_days=[today])
    Drill.objects.filter(pk=prescription.drill_id).update(
        instructions="Face a wall and keep the heel down."
    )
    open_link(small_phone, live_server, token)
    card = small_phone.locator(f"#drill-card-{prescription.pk}")
    steps = card.locator(".how").get_by_text("Face a wall and keep the heel down.")
    expect(steps).to_be_hidden()  # folded by default
    summary = card.locator("summary")
    box = summary.bounding_box()
    assert box is not None
    assert box["height"] >= TAP and box["width"] >= TAP
    summary.click()
    expect(steps).to_be_visible()
    assert_accessible(small_phone)
    summary.click()
    expect(steps).to_be_hidden()
    assert small_phone.evaluate("document.documentElement.scrollWidth") <= 360
    # Paper cannot unfold a <details>: the printed handout shows the steps as text.
    printed = card.locator(".how-print").get_by_text(
        "Face a wall and keep the heel down."
    )
    expect(printed).to_be_hidden()
    small_phone.emulate_media(media="print")
    expect(printed).to_be_visible()
    expect(card.locator("summary")).to_be_hidden()
    small_phone.emulate_media(media="screen")


def test_a_rest_day_shows_the_next_session(live_server, small_phone: Page) -> None:
    today = timezone.localdate().weekday()
    later = (today + 3) % 7
    _, prescription, token = make_plan(training_days=[later])
    open_link(small_phone, live_server, token)
    expect(small_phone.get_by_role("heading", name="Rest day")).to_be_visible()
    expect(small_phone.locator("#rest-day")).to_have_text(
        f"Rest day — next session {WEEKDAY_NAMES[later]}. "
        "Your drills are here if you want to do them anyway."
    )
    # The drills stay, and can still be marked done.
    card = small_phone.locator(f"#drill-card-{prescription.pk}")
    card.get_by_role("button", name="Mark done").click()
    expect(card.get_by_text("Done ✓")).to_be_visible()
    assert_accessible(small_phone)
    assert small_phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_drill_marked_done_offline_reaches_the_server_when_back_online(
    live_server, small_phone: Page
) -> None:
    _, prescription, token = make_plan(training_days=list(range(7)))
    open_link(small_phone, live_server, token)
    card = small_phone.locator(f"#drill-card-{prescription.pk}")
    expect(card.get_by_role("button", name="Mark done")).to_be_visible()
    small_phone.context.set_offline(True)
    try:
        expect(small_phone.locator("#offline-notice")).to_be_visible()
        card.get_by_role("button", name="Mark done").click()
        expect(card).to_contain_text("Marked done. Will send when online.")
        expect(card.get_by_role("button", name="Undo")).to_be_visible()
        assert not Completion.objects.exists()
        assert_accessible(small_phone)
    finally:
        small_phone.context.set_offline(False)
    # The queue is sent on the "online" event; the page reloads with the saved mark.
    expect(
        small_phone.locator(f"#drill-card-{prescription.pk}").get_by_text("Done ✓")
    ).to_be_visible()
    row = Completion.objects.get(prescription=prescription)
    assert row.done and row.on_date == timezone.localdate()
    assert small_phone.evaluate("localStorage.getItem('weaklink-plan-queue')") == "[]"

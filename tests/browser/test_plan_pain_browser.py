"""Pain on a small phone (360 px, real Chromium): rate a drill, get the easier one, report a symptom."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Referral
from clients.links import link_issue
from programs.models import Completion, PainAlert, Prescription, StepDown
from tests.browser.test_plan_browser import eventually
from tests.factory import PASSWORD, make_client, make_program, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAP = 44
SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def small_phone(browser, phone_context_args: dict):
    context = browser.new_context(**{**phone_context_args, "viewport": SMALL_PHONE})
    page = context.new_page()
    yield page
    context.close()


def make_phase_two_plan():
    """A client in phase 2, whose banded ankle distraction has an easier rung below it."""
    # Every day a training day: the next-day question comes the very next day.
    client = make_client(name="Maya Okafor", training_days=list(range(7)))
    client.coach.first_name, client.coach.last_name = "Dana", "Reyes"
    client.coach.save(update_fields=["first_name", "last_name"])
    program = make_program(session=make_session(client=client))
    started = timezone.localdate() - timedelta(days=14)
    program.published_at = timezone.make_aware(
        datetime.combine(started, datetime.min.time().replace(hour=9))
    )
    # The coach moved them on to phase 2 a fortnight in (phases never move by the calendar).
    program.current_phase = 2
    program.save(update_fields=["published_at", "current_phase"])
    prescription = Prescription.objects.select_related("drill").get(
        phase__program=program, phase__number=2, drill__slug="banded-ankle-distraction"
    )
    return client, prescription, link_issue(client=client, user=client.coach).token


def open_link(page: Page, live_server, token: str) -> None:
    page.goto(f"{live_server.url}{reverse('links:open', args=[token])}")
    expect(page).to_have_url(f"{live_server.url}{reverse('plan:today')}")


def as_if_yesterday(client) -> None:
    """Move today's log a day back, as the next training day would see it (no sleeping)."""
    yesterday = timezone.localdate() - timedelta(days=1)
    Completion.objects.filter(client=client).update(on_date=yesterday)
    StepDown.objects.filter(client=client).update(starts_on=timezone.localdate())
    PainAlert.objects.filter(client=client).update(on_date=yesterday)


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


def small_targets(page: Page, selector: str) -> list:
    targets = page.locator(selector)
    small = []
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box is not None
        if box["height"] < TAP or box["width"] < TAP:
            small.append(
                (targets.nth(index).evaluate("e => e.outerHTML.slice(0, 80)"), box)
            )
    return small


def test_a_client_rates_a_drill_and_gets_the_easier_one_next_time(
    live_server, small_phone: Page, desktop_page: Page
) -> None:
    client, prescription, token = make_phase_two_plan()
    open_link(small_phone, live_server, token)
    card = small_phone.locator(f"#drill-card-{prescription.pk}")
    card.get_by_role("button", name="Mark done").click()
    expect(card.get_by_text("Done ✓")).to_be_visible()

    # The picker appears on the card: big targets, no sideways scrolling, no axe violations.
    picker = card.locator(".pain-picker")
    expect(picker).to_be_visible()
    assert picker.get_by_role("button").count() == 11
    assert small_targets(small_phone, ".pain-picker button:visible") == []
    assert small_targets(small_phone, ".pain-picker input:visible") == []
    assert small_phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(small_phone)

    note = picker.get_by_label("Note for your coach (optional, before you tap)")
    note.fill("sharp at the end")
    # Enter on the phone keyboard sends nothing: only a tapped number is a rating.
    note.press("Enter")
    expect(picker).to_be_visible()
    assert Completion.objects.get(prescription=prescription).pain is None
    picker.get_by_role("button", name="5 out of 10", exact=False).click()
    expect(card).to_contain_text("Pain during: 5/10.")
    expect(card).to_contain_text("Use the easier drill from your next training day")
    expect(small_phone.locator("#plan-status")).to_contain_text(
        "Use the easier drill from your next training day"
    )
    step = StepDown.objects.get()
    assert step.starts_on == timezone.localdate() + timedelta(days=1)
    assert PainAlert.objects.get().note == "sharp at the end"

    # The coach's home page puts the alert, with the note, at the top.
    client.coach.username = "dana"
    client.coach.save(update_fields=["username"])
    desktop_page.goto(f"{live_server.url}/accounts/login/")
    desktop_page.get_by_label("Username").fill("dana")
    desktop_page.get_by_label("Password").fill(PASSWORD)
    desktop_page.get_by_role("button", name="Sign in").click()
    alert = desktop_page.locator(".attention", has_text="Maya Okafor")
    expect(alert.locator(".reason-pain_alert")).to_contain_text(
        f"Knee 5/10 during {prescription.drill.name}"
    )
    expect(alert.locator(".reason-pain_alert")).to_contain_text("“sharp at the end”")
    expect(desktop_page.locator(".attention").first).to_contain_text("Maya Okafor")

    # The next training day: the card shows the easier drill and says why.
    as_if_yesterday(client)
    small_phone.reload()
    card = small_phone.locator(f"#drill-card-{prescription.pk}")
    expect(card.get_by_role("heading", name=step.drill.name)).to_be_visible()
    expect(card).to_contain_text("Easier drill for now")
    expect(card).to_contain_text(f"in place of {prescription.drill.name}")
    expect(card).to_contain_text("5/10 during")
    # ... and asks once how the knee feels after yesterday.
    question = small_phone.locator("#next-day")
    expect(question).to_contain_text(
        "How does your knee feel today, after yesterday's drills?"
    )
    assert small_targets(small_phone, "#next-day button:visible") == []
    assert_accessible(small_phone)
    question.get_by_role("button", name="2 out of 10", exact=False).click()
    expect(question).to_contain_text("Thank you. Fine, carry on.")
    assert set(Completion.objects.values_list("pain_next_day", flat=True)) == {2}

    # Doing it records the easier drill.
    card.get_by_role("button", name="Mark done").click()
    expect(card.get_by_text("Done ✓")).to_be_visible()
    assert (
        Completion.objects.get(
            on_date=timezone.localdate(), prescription=prescription
        ).drill
        == step.drill
    )


def stored_plan_holds(page: Page, text: str) -> bool:
    """The plan page the service worker keeps for offline use contains `text` (polled)."""
    return eventually(
        page,
        f"caches.match('/plan/').then((hit) => hit ? hit.text() : '')"
        f".then((body) => body.includes({text!r}))",
    )


def test_reporting_giving_way_pauses_the_plan(live_server, small_phone: Page) -> None:
    client, prescription, token = make_phase_two_plan()
    open_link(small_phone, live_server, token)
    # The service worker stores the plan with its drills for offline use ...
    small_phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    small_phone.reload()
    assert stored_plan_holds(small_phone, f"drill-card-{prescription.pk}")
    symptoms = small_phone.locator("#symptoms")
    summary = symptoms.get_by_text("Report a worrying symptom")
    box = summary.bounding_box()
    assert box is not None and box["height"] >= TAP
    summary.click()
    symptoms.get_by_label("My knee gives way").check()
    assert (
        small_targets(small_phone, "#symptoms label:visible, #symptoms button:visible")
        == []
    )
    assert_accessible(small_phone)
    symptoms.get_by_role("button", name="Tell my coach and pause my plan").click()

    expect(
        small_phone.get_by_role("heading", name="Your plan is paused")
    ).to_be_visible()
    expect(small_phone.locator("main")).to_contain_text(
        "Please see a clinician (your doctor or a physiotherapist) before you carry on; "
        "your coach Dana Reyes knows."
    )
    expect(small_phone.locator(".drill")).to_have_count(0)
    expect(small_phone.get_by_role("button", name="Mark done")).to_have_count(0)
    assert Referral.objects.get(client=client).red_flags == ["giving_way"]
    # ... and replaces them with the pause page: no stale drills offline either.
    assert stored_plan_holds(small_phone, "Your plan is paused")
    assert not small_phone.evaluate(
        "caches.match('/plan/').then((hit) => hit.text()).then((body) => body.includes('drill-card-'))"
    )
    assert_accessible(small_phone)
    assert small_phone.evaluate("document.documentElement.scrollWidth") <= 360

    # A stale page's post is refused on the server, politely.
    csrf = small_phone.locator("input[name=csrfmiddlewaretoken]").first.get_attribute(
        "value"
    )
    assert csrf
    response = small_phone.request.post(
        f"{live_server.url}{reverse('plan:toggle-done', args=[prescription.pk])}",
        headers={"X-CSRFToken": csrf, "Referer": live_server.url},
        max_redirects=0,
    )
    assert response.status == 302
    assert not Completion.objects.exists()


def test_the_pain_picker_and_symptom_form_work_without_javascript(
    live_server, browser, phone_context_args: dict
) -> None:
    client, prescription, token = make_phase_two_plan()
    context = browser.new_context(
        **{**phone_context_args, "viewport": SMALL_PHONE}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        open_link(page, live_server, token)
        card = page.locator(f"#drill-card-{prescription.pk}")
        card.get_by_role("button", name="Mark done").click()
        card = page.locator(f"#drill-card-{prescription.pk}")
        card.get_by_role("button", name="3 out of 10", exact=False).click()
        expect(page).to_have_url(
            f"{live_server.url}{reverse('plan:today')}#drill-card-{prescription.pk}"
        )
        card = page.locator(f"#drill-card-{prescription.pk}")
        expect(card).to_contain_text("Pain during: 3/10. Fine, carry on.")

        page.get_by_text("Report a worrying symptom").click()
        page.get_by_label("Numbness or tingling in my leg or foot").check()
        page.get_by_role("button", name="Tell my coach and pause my plan").click()
        expect(page.get_by_role("heading", name="Your plan is paused")).to_be_visible()
        # No drills until a clinician has seen them: no squat video to film either.
        expect(
            page.get_by_role("link", name="Send your coach a squat video")
        ).to_have_count(0)
        expect(page.get_by_text("Use your browser’s Print")).to_have_count(0)
    finally:
        context.close()
    assert Completion.objects.get(prescription=prescription).pain == 3
    assert Referral.objects.get(client=client).red_flags == ["numbness"]

"""The client's journey on a phone (390x844, real Chromium): link, drills, done, pain, offline."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from clients.links import link_issue
from clients.models import ClientLink
from programs.models import Completion, PainReport
from tests.factory import PASSWORD, make_client, make_program, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAP = 44


def make_plan(name: str = "Maya Okafor"):
    client = make_client(name=name)
    program = make_program(session=make_session(client=client))
    issued = link_issue(client=client, user=client.coach)
    return client, program, issued.token


def open_link(page: Page, live_server, token: str) -> None:
    page.goto(f"{live_server.url}{reverse('links:open', args=[token])}")
    expect(page).to_have_url(f"{live_server.url}{reverse('plan:today')}")


def drill_card(page: Page, prescription) -> Locator:
    return page.locator(f"#drill-card-{prescription.pk}")


def first_prescription(program):
    return (
        program.phases.get(number=1)
        .prescriptions.select_related("drill")
        .order_by("order", "id")
        .first()
    )


def test_a_client_follows_the_plan_from_their_personal_link(
    live_server, phone_page: Page
) -> None:
    client, program, token = make_plan()
    prescription = first_prescription(program)
    open_link(phone_page, live_server, token)

    expect(phone_page.get_by_role("heading", name="Restore")).to_be_visible()
    card = drill_card(phone_page, prescription)
    expect(card.get_by_role("heading", name=prescription.drill.name)).to_be_visible()
    expect(card).to_contain_text("3 sets × 60 s, left leg only")
    expect(card).to_contain_text(
        "Your left ankle bends less than it should: knee-to-wall 7.0 cm, we aim for 10 cm."
    )

    # One tap marks it done (htmx swaps the card), a second tap undoes it.
    card.get_by_role("button", name="Mark done").click()
    expect(card.get_by_text("Done ✓")).to_be_visible()
    # One session this week ("1 of 3 sessions"; "1 session (0 planned)" on a late rest day).
    expect(phone_page.locator("#week-count")).to_contain_text(
        re.compile(r"1 (of \d sessions|session \()")
    )
    card.get_by_role("button", name="Undo").click()
    expect(card.get_by_role("button", name="Mark done")).to_be_visible()
    expect(card.get_by_text("Done ✓")).to_have_count(0)
    card.get_by_role("button", name="Mark done").click()
    expect(card.get_by_text("Done ✓")).to_be_visible()

    pain = phone_page.locator("#pain-form")
    pain.get_by_label("3", exact=True).check()
    pain.get_by_label("Anything your coach should know? (optional)").fill(
        "stiff in the morning"
    )
    pain.get_by_role("button", name="Save pain rating").click()
    expect(pain.get_by_role("status")).to_have_text(
        "Saved: 3/10. Your coach will see it."
    )

    phone_page.reload()
    expect(drill_card(phone_page, prescription).get_by_text("Done ✓")).to_be_visible()
    expect(
        phone_page.locator("#pain-form").get_by_label("3", exact=True)
    ).to_be_checked()
    expect(phone_page.locator("#pain-form")).to_contain_text("You reported 3/10 today")
    # With JavaScript the client gets a "Print this plan" button that opens the print dialog.
    phone_page.evaluate("window.print = () => { window.printAsked = true; }")
    phone_page.get_by_role("button", name="Print this plan").click()
    assert phone_page.evaluate("window.printAsked === true")
    assert Completion.objects.get(prescription=prescription).done
    assert PainReport.objects.get(client=client).pain == 3


def test_an_expired_link_shows_a_friendly_page(live_server, phone_page: Page) -> None:
    _, _, token = make_plan()
    ClientLink.objects.update(expires_at=timezone.now() - timedelta(days=1))
    response = phone_page.goto(
        f"{live_server.url}{reverse('links:open', args=[token])}"
    )
    assert response is not None
    assert response.status == 410
    expect(
        phone_page.get_by_role(
            "heading", name="This link no longer works — ask your coach for a new one"
        )
    ).to_be_visible()


def test_another_clients_drill_is_unreachable(live_server, phone_page: Page) -> None:
    _, program_a, _ = make_plan("Client A")
    _, _, token_b = make_plan("Client B")
    open_link(phone_page, live_server, token_b)
    expect(phone_page.get_by_text("Client A")).to_have_count(0)
    csrf = phone_page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute(
        "value"
    )
    assert csrf
    url = f"{live_server.url}{reverse('plan:toggle-done', args=[first_prescription(program_a).pk])}"
    response = phone_page.request.post(
        url, headers={"X-CSRFToken": csrf, "Referer": live_server.url}
    )
    assert response.status == 404
    assert not Completion.objects.exists()


def test_the_plan_page_is_accessible_with_big_tap_targets(
    live_server, phone_page: Page
) -> None:
    _, _, token = make_plan()
    open_link(phone_page, live_server, token)
    expect(phone_page.locator("[data-timer]").first).to_be_visible()  # timer.js ran

    results = Axe().run(phone_page)
    bad = [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in bad
    ]

    targets = phone_page.locator(
        ".drill button:visible, .drill a:visible, .drill input:visible, #pain-form button:visible, #pain-form input:visible"
    )
    assert targets.count() >= 14
    small = []
    for index in range(targets.count()):
        target = targets.nth(index)
        box = target.bounding_box()
        assert box is not None
        if box["height"] < TAP or box["width"] < TAP:
            small.append((target.evaluate("e => e.outerHTML.slice(0, 80)"), box))
    assert small == []
    # Nothing scrolls sideways on a 390 px phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_plan_works_without_javascript(
    live_server, browser, phone_context_args: dict
) -> None:
    _, program, token = make_plan()
    prescription = first_prescription(program)
    context = browser.new_context(**phone_context_args, java_script_enabled=False)
    page = context.new_page()
    try:
        open_link(page, live_server, token)
        card = drill_card(page, prescription)
        expect(card).to_contain_text("3 sets × 60 s, left leg only")
        expect(
            page.locator("[data-timer]").first
        ).to_be_hidden()  # the timer needs JavaScript; the dose does not
        card.get_by_role("button", name="Mark done").click()
        expect(page).to_have_url(
            f"{live_server.url}{reverse('plan:today')}#drill-card-{prescription.pk}"
        )
        expect(drill_card(page, prescription).get_by_text("Done ✓")).to_be_visible()
        page.locator("#pain-form").get_by_label("4", exact=True).check()
        page.get_by_role("button", name="Save pain rating").click()
        expect(page.locator("#pain-form")).to_contain_text("You reported 4/10 today")
        # Printing needs no script: the hint says how; the button needs JavaScript.
        expect(page.get_by_text("Use your browser’s Print")).to_be_visible()
        expect(page.get_by_role("button", name="Print this plan")).to_be_hidden()
    finally:
        context.close()
    assert Completion.objects.get(prescription=prescription).done


def eventually(page: Page, condition: str) -> bool:
    """Poll an async condition inside the page (Cache Storage has no events to wait on)."""
    return page.evaluate(
        f"""async () => {{
            for (let tries = 0; tries < 100; tries++) {{
                if (await ({condition})) return true;
                await new Promise((resolve) => setTimeout(resolve, 50));
            }}
            return false;
        }}"""
    )


def test_the_plan_opens_offline_once_visited(live_server, phone_page: Page) -> None:
    _, program, token = make_plan()
    prescription = first_prescription(program)
    open_link(phone_page, live_server, token)
    phone_page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The first visit installed the worker; this one goes through it and is stored.
    phone_page.reload()
    expect(phone_page.get_by_role("heading", name="Restore")).to_be_visible()
    assert eventually(phone_page, "caches.match('/plan/').then((hit) => !!hit)")
    assert eventually(
        phone_page, "caches.match('/static/css/plan.css').then((hit) => !!hit)"
    )
    phone_page.context.set_offline(True)
    try:
        phone_page.reload()
        # Chromium 150 forgets the offline emulation for a page its service worker
        # served (navigator.onLine reads true again); a phone without signal does
        # not. Apply it again so the page hears the "offline" event a phone sends.
        phone_page.context.set_offline(False)
        phone_page.context.set_offline(True)
        card = drill_card(phone_page, prescription)
        expect(card).to_contain_text("3 sets × 60 s, left leg only")
        expect(phone_page.locator("#offline-notice")).to_be_visible()
        # Marking done waits on the phone, and the card says so.
        card.get_by_role("button", name="Mark done").click()
        expect(card).to_contain_text("Marked done. Will send when online.")
        # A worrying symptom still needs signal: the page says so instead of pretending.
        phone_page.locator("#symptoms summary").click()
        phone_page.locator("#symptoms input[type=checkbox]").first.check()
        phone_page.get_by_role("button", name="Tell my coach and pause my plan").click()
        expect(phone_page.locator("#offline-notice")).to_contain_text("No signal")
        assert not Completion.objects.exists()
    finally:
        phone_page.context.set_offline(False)
    # Back online, the queued mark is sent and the page shows it saved.
    expect(drill_card(phone_page, prescription).get_by_text("Done ✓")).to_be_visible()
    assert Completion.objects.get(prescription=prescription).done

    # Signing out on a shared phone forgets the stored plan.
    phone_page.reload()
    phone_page.get_by_role("button", name="Sign out").click()
    expect(phone_page).to_have_url(re.compile(r"/accounts/login/"))
    assert eventually(phone_page, "caches.match('/plan/').then((hit) => !hit)")


def test_a_coach_issues_a_link_the_phone_can_open(
    live_server, desktop_page: Page, phone_page: Page
) -> None:
    client = make_client(name="Tom Brennan")
    make_program(session=make_session(client=client))
    client.coach.username = "dana"
    client.coach.save(update_fields=["username"])
    desktop_page.goto(f"{live_server.url}{reverse('links:panel', args=[client.pk])}")
    desktop_page.get_by_label("Username").fill("dana")
    desktop_page.get_by_label("Password").fill(PASSWORD)
    desktop_page.get_by_role("button", name="Sign in").click()
    panel = desktop_page.locator("#link-panel")
    expect(panel).to_contain_text("No working link")
    panel.get_by_role("button", name="Issue new link").click()
    expect(panel.locator("svg.qr")).to_be_visible()
    copy = panel.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()  # copy.js revealed it after the htmx swap
    copy.click()
    expect(panel.locator("[data-copy-status]")).not_to_be_empty()
    url = panel.get_by_label("Link for Tom Brennan").input_value()
    expect(panel).to_contain_text("You can show it again here while it works")

    phone_page.goto(url)
    expect(phone_page).to_have_url(f"{live_server.url}{reverse('plan:today')}")
    expect(phone_page.get_by_text("For Tom Brennan")).to_be_visible()

    # Shown again later, without revoking it: the phone stays signed in.
    desktop_page.reload()
    panel.get_by_role("button", name="Show link and QR code").click()
    expect(panel).to_contain_text("already has, unchanged")
    expect(panel.locator("svg.qr")).to_be_visible()
    phone_page.reload()
    expect(phone_page.get_by_text("For Tom Brennan")).to_be_visible()

    desktop_page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_role("button", name="Revoke").click()
    expect(panel).to_contain_text("The link was revoked")
    phone_page.reload()
    expect(phone_page).to_have_url(re.compile(r"/accounts/login/"))


def test_the_hold_timer_counts_down_and_announces(
    live_server, phone_page: Page
) -> None:
    _, program, token = make_plan()
    phone_page.clock.install()
    open_link(phone_page, live_server, token)
    timer = drill_card(phone_page, first_prescription(program)).locator("[data-timer]")
    display = timer.locator("[data-timer-display]")
    status = timer.locator("[data-timer-status]")
    expect(display).to_have_text("1:00")
    timer.get_by_role("button", name="Start").click()
    expect(status).to_have_text("Hold for 60 seconds.")
    phone_page.clock.run_for(31_000)
    expect(display).to_have_text("0:29")
    expect(status).to_have_text("Halfway: 30 seconds left.")
    timer.get_by_role("button", name="Pause").click()
    phone_page.clock.run_for(10_000)
    expect(display).to_have_text("0:29")
    timer.get_by_role("button", name="Start").click()
    phone_page.clock.run_for(30_000)
    expect(status).to_contain_text("Time.")
    timer.get_by_role("button", name="Reset").click()
    expect(display).to_have_text("1:00")


def test_a_client_sets_a_password_on_the_phone(live_server, phone_page: Page) -> None:
    client, _, token = make_plan()
    open_link(phone_page, live_server, token)
    phone_page.get_by_role("link", name="Sign in without the link").click()
    expect(
        phone_page.get_by_role("heading", name="Sign in without the link")
    ).to_be_visible()

    results = Axe().run(phone_page)
    bad = [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in bad]
    targets = phone_page.locator("main input:visible, main button:visible")
    assert targets.count() == 3
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box is not None
        assert box["height"] >= TAP and box["width"] >= TAP
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    phone_page.locator("#id_new_password1").fill("short")
    phone_page.locator("#id_new_password2").fill("short")
    phone_page.get_by_role("button", name="Save password").click()
    expect(phone_page.locator("#id_new_password2_error")).to_contain_text("too short")
    phone_page.locator("#id_new_password1").fill("a-long-gym-password")
    phone_page.locator("#id_new_password2").fill("a-long-gym-password")
    phone_page.get_by_role("button", name="Save password").click()
    client.refresh_from_db()
    expect(phone_page.get_by_text(f"sign in as {client.user.username}")).to_be_visible()
    client.user.refresh_from_db()
    assert client.user.has_usable_password()

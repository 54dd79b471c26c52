"""Cached pages (clients/page_cache.py) never show old data: every write moves a version in their key."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from clients.links import link_issue, link_revoke
from clients.models import Client
from clients.page_cache import roster_stamp, touch_clients
from clients.records import client_erase
from clients.services import client_update
from programs.editing import prescription_update
from programs.library.services import drill_move, drill_save
from programs.models import (
    Completion,
    Drill,
    PainReport,
    Phase,
    Prescription,
    library_stamp,
)
from programs.plan.log import completion_toggle, pain_report_save
from tests.factory import (
    PASSWORD,
    make_client,
    make_client_user,
    make_coach,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")


def signed_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def page(browser: Browser, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


def first_prescription(program) -> Prescription:
    return (
        Prescription.objects.filter(phase__program=program, phase__number=1)
        .select_related("drill", "phase__program")
        .order_by("order")[0]
    )


def version(client: Client) -> int:
    return Client.objects.values_list("data_version", flat=True).get(pk=client.pk)


# --- every write that changes what a page shows moves the client's version ---


def test_saving_or_deleting_any_client_record_moves_the_version() -> None:
    program = make_program()
    client = program.client
    prescription = first_prescription(program)
    writes = [
        lambda: make_session(client=client),
        lambda: program.save(),
        lambda: Phase.objects.get(pk=prescription.phase_id).save(),
        lambda: prescription.save(),
        lambda: completion_toggle(
            client=client, prescription=prescription, on_date=timezone.localdate()
        ),
        lambda: completion_toggle(
            client=client, prescription=prescription, on_date=timezone.localdate()
        ),
        lambda: pain_report_save(client=client, on_date=timezone.localdate(), pain=3),
        lambda: link_issue(client=client, user=client.coach),
        lambda: link_revoke(client=client),
        lambda: Completion.objects.filter(client=client)[0].delete(),
        lambda: PainReport.objects.filter(client=client)[0].delete(),
        lambda: client_update(client=client),
    ]
    for write in writes:
        before = version(client)
        write()
        assert version(client) != before


def test_bulk_writes_touch_only_the_clients_named() -> None:
    one, other = make_client(), make_client()
    untouched = version(other)
    before = version(one)
    touch_clients(Client.objects.filter(pk=one.pk))
    assert version(one) != before
    touch_clients([one.pk, None])
    assert version(other) == untouched
    touch_clients([])  # nothing to do, no error


def test_the_roster_stamp_moves_when_a_client_changes_arrives_or_goes() -> None:
    coach = make_coach()
    first = make_client(coach=coach)
    stamp = roster_stamp(coach)
    touch_clients([first.pk])
    assert roster_stamp(coach) != stamp
    stamp = roster_stamp(coach)
    second = make_client(coach=coach)
    assert roster_stamp(coach) != stamp
    stamp = roster_stamp(coach)
    second.delete()
    assert roster_stamp(coach) != stamp
    # Another coach's clients are not part of it.
    stamp = roster_stamp(coach)
    make_client()
    assert roster_stamp(coach) == stamp


def library_now() -> str:
    return Drill.objects.annotate(stamp=library_stamp()).values_list(
        "stamp", flat=True
    )[0]


def test_the_library_stamp_moves_with_edits_and_ladder_moves() -> None:
    make_program()
    stamp = library_now()
    drill = Drill.objects.filter(next_rung__isnull=False).first()
    assert drill is not None
    drill_move(drill=drill, direction="up", author=None, source="admin")
    assert library_now() != stamp
    stamp = library_now()
    Drill.objects.filter(pk=drill.pk).update(rung=drill.rung)  # any update() moves it
    assert library_now() != stamp


# --- the pages themselves ---


def test_the_dashboard_shows_new_pain_at_once() -> None:
    program = make_program()
    client = program.client
    coach = signed_in(client.coach)
    before = page(coach, reverse("home"))
    assert client.name not in before
    pain_report_save(client=client, on_date=timezone.localdate(), pain=8)
    after = page(coach, reverse("home"))
    assert client.name in after


def test_the_client_list_and_client_page_show_an_edit_at_once() -> None:
    client = make_client(name="Before Name")
    coach = signed_in(client.coach)
    detail = reverse("clients:detail", args=[client.pk])
    listing = reverse("clients:list") + "?q=name"
    assert "Before Name" in page(coach, listing)
    assert "Before Name" in page(coach, detail)
    client.name = "After Name"
    client_update(client=client)
    assert "After Name" in page(coach, listing)
    assert "After Name" in page(coach, detail)
    assert "Before Name" not in page(coach, detail)


def test_the_client_page_shows_a_revoked_link_and_an_erase() -> None:
    client = make_client(name="Erin Example")
    link_issue(client=client, user=client.coach)
    coach = signed_in(client.coach)
    detail = reverse("clients:detail", args=[client.pk])
    assert "No working link" not in page(coach, detail)
    link_revoke(client=client)
    assert "No working link" in page(coach, detail)
    client_erase(client=Client.objects.get(pk=client.pk), erased_by=client.coach)
    assert "Erin Example" not in page(coach, detail)


def test_the_plan_and_the_coach_see_a_drill_done_at_once() -> None:
    program = make_program()
    client = program.client
    phone = signed_in(make_client_user(client=client))
    prescription = first_prescription(program)
    before = page(phone, PLAN)
    coach = signed_in(client.coach)
    detail = reverse("clients:detail", args=[client.pk])
    assert ": 0 drills done" in page(coach, detail)
    response = phone.post(reverse("plan:toggle-done", args=[prescription.pk]))
    assert response.status_code == 302
    after = page(phone, PLAN)
    assert after.count("Undo") > before.count("Undo")
    assert ": 1 drill done" in page(coach, detail)


def test_the_program_page_and_the_plan_show_a_new_dose_and_a_renamed_drill() -> None:
    program = make_program()
    client = program.client
    phone = signed_in(make_client_user(client=client))
    coach = signed_in(client.coach)
    detail = reverse("programs:program-detail", args=[program.pk])
    page(phone, PLAN)
    page(coach, detail)
    prescription = first_prescription(program)
    prescription_update(
        prescription=prescription,
        seen_version=program.version,
        sets=prescription.sets,
        reps=None,
        seconds=59,
        tempo="",
        side=prescription.side,
    )
    assert "59" in page(coach, detail)
    assert "59" in page(phone, PLAN)
    drill = prescription.drill
    drill.name = "Renamed Wall Drill"
    drill_save(drill=drill, author=None, source="admin")
    assert "Renamed Wall Drill" in page(coach, detail)
    assert "Renamed Wall Drill" in page(phone, PLAN)


def test_a_new_day_is_a_new_page(monkeypatch: pytest.MonkeyPatch) -> None:
    program = make_program()
    phone = signed_in(make_client_user(client=program.client))
    prescription = first_prescription(program)
    completion_toggle(
        client=program.client, prescription=prescription, on_date=timezone.localdate()
    )
    today = page(phone, PLAN)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=1))
    tomorrow = page(phone, PLAN)
    # Yesterday's tick is not today's: the page was rendered again for the new date.
    assert tomorrow.count("Undo") < today.count("Undo")


# --- what is never shared between requests ---


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_a_cached_page_carries_each_browsers_own_csrf_token() -> None:
    client = make_client()
    detail = reverse("clients:detail", args=[client.pk])
    laptop, tablet = (Browser(enforce_csrf_checks=True) for _ in range(2))
    for browser in (laptop, tablet):
        assert browser.login(username=client.coach.username, password=PASSWORD)
    page(laptop, detail)
    tablet_page = page(tablet, detail)  # from the cache laptop filled
    assert "wkCsrfTokenPlaceholder" not in tablet_page
    response = tablet.post(
        reverse("clients:archive", args=[client.pk]),
        {"csrfmiddlewaretoken": csrf_of(tablet_page)},
    )
    assert response.status_code == 302
    assert Client.objects.get(pk=client.pk).archived_at is not None


def test_a_page_with_a_message_waiting_shows_it_once() -> None:
    client = make_client(name="Mia Message")
    coach = signed_in(client.coach)
    detail = reverse("clients:detail", args=[client.pk])
    page(coach, detail)
    response = coach.post(
        reverse("clients:edit", args=[client.pk]),
        {"name": "Mia Message", "reassess_every_weeks": 4, "training_days": [0, 2, 4]},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert shown
    assert shown[0] in response.content.decode()
    again = page(coach, detail)
    assert shown[0] not in again


def test_another_coach_never_gets_a_cached_page() -> None:
    program = make_program()
    owner = signed_in(program.client.coach)
    stranger = signed_in(make_coach())
    for url in (
        reverse("clients:detail", args=[program.client.pk]),
        reverse("programs:program-detail", args=[program.pk]),
    ):
        page(owner, url)
        assert stranger.get(url).status_code == 404
    own_home = page(owner, reverse("home"))
    assert program.client.name in page(owner, reverse("clients:list"))
    assert program.client.name not in page(stranger, reverse("clients:list"))
    assert page(stranger, reverse("home")) != own_home


def test_a_repeat_view_costs_three_queries(django_assert_max_num_queries) -> None:
    """Session, user, and one lookup that authorizes and carries the page's versions."""
    program = make_program()
    client = program.client
    coach = signed_in(client.coach)
    phone = signed_in(make_client_user(client=client))
    views = [
        (coach, reverse("home")),
        (coach, reverse("clients:list") + "?q=client"),
        (coach, reverse("clients:detail", args=[client.pk])),
        (coach, reverse("programs:program-detail", args=[program.pk])),
        (phone, PLAN),
    ]
    for browser, url in views:
        first = page(browser, url)
        with django_assert_max_num_queries(3):
            again = page(browser, url)
        assert csrf_free(again) == csrf_free(first)


def csrf_free(html: str) -> str:
    """The page without its CSRF tokens (64 letters and digits, new on every response)."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<token>", html)

"""Revisits of the plan page and the client page: 304 while nothing they show changed (clients/views/etag.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from clients.links import link_issue, link_revoke
from clients.services import client_update
from clients.views.etag import client_page_stamp
from config.http import AuthenticatedHttpRequest
from programs.editing import prescription_update
from programs.models import Drill, Program
from programs.pain import completion_pain_record
from programs.pain_review import pain_alert_review
from programs.plan.forms import DrillPainForm
from programs.plan.log import completion_toggle, pain_report_save
from tests.factory import (
    make_client,
    make_client_user,
    make_coach,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")


def plan_client():
    athlete = make_client()
    program = make_program(session=make_session(client=athlete))
    return athlete, program, make_client_user(client=athlete)


def first_drill(program: Program):
    return program.phases.get(number=1).prescriptions.select_related("drill").first()


def etag_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def revisit(client, url: str, etag: str):
    return client.get(url, headers={"if-none-match": etag})


def test_a_plan_revisit_with_the_same_etag_is_a_304_without_a_body(
    client, django_assert_max_num_queries
) -> None:
    _, _, user = plan_client()
    client.force_login(user)
    etag = etag_of(client, PLAN)
    assert etag.startswith('"') and len(etag) > 20
    # Session, user, and the one stamp query: nothing rendered.
    with django_assert_max_num_queries(3):
        again = revisit(client, PLAN, etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # The browser keeps the policy (and nonce) that came with the body it keeps.
    assert "Content-Security-Policy" not in again
    assert "private" in again["Cache-Control"]
    assert "no-store" not in again["Cache-Control"]


def test_a_drill_marked_done_changes_the_plan_etag(client) -> None:
    _, program, user = plan_client()
    client.force_login(user)
    etag = etag_of(client, PLAN)
    drill = first_drill(program)
    done = client.post(
        reverse("plan:toggle-done", args=[drill.pk]), headers={"hx-request": "true"}
    )
    assert done.status_code == 200
    after = revisit(client, PLAN, etag)
    assert after.status_code == 200
    assert after["ETag"] != etag
    # Undone again: the page is as before, but it changed twice since; still no stale 304.
    completion_toggle(
        client=drill.phase.program.client,
        prescription=drill,
        on_date=timezone.localdate(),
    )
    assert revisit(client, PLAN, after["ETag"]).status_code == 200


def test_a_pain_report_and_a_next_day_answer_change_the_plan_etag(client) -> None:
    athlete, _, user = plan_client()
    client.force_login(user)
    etag = etag_of(client, PLAN)
    pain_report_save(client=athlete, on_date=timezone.localdate(), pain=4)
    after = revisit(client, PLAN, etag)
    assert after.status_code == 200 and "4/10" in after.content.decode()
    pain_report_save(client=athlete, on_date=timezone.localdate(), pain=6)
    assert revisit(client, PLAN, after["ETag"]).status_code == 200


def test_a_coach_changing_a_dose_changes_the_plan_etag(client) -> None:
    _, program, user = plan_client()
    client.force_login(user)
    etag = etag_of(client, PLAN)
    drill = first_drill(program)
    program.refresh_from_db()
    prescription_update(
        prescription=drill,
        seen_version=program.version,
        sets=drill.sets + 1,
        reps=drill.reps,
        seconds=drill.seconds,
        tempo=drill.tempo,
        side=drill.side,
    )
    assert revisit(client, PLAN, etag).status_code == 200


def test_a_drill_renamed_in_the_library_changes_the_plan_etag(client) -> None:
    _, program, user = plan_client()
    client.force_login(user)
    etag = etag_of(client, PLAN)
    drill = Drill.objects.get(pk=first_drill(program).drill_id)
    drill.name = "Renamed in the library"
    drill.save()
    after = revisit(client, PLAN, etag)
    assert after.status_code == 200
    assert "Renamed in the library" in after.content.decode()


def test_a_new_day_changes_the_plan_etag(client, monkeypatch) -> None:
    _, _, user = plan_client()
    client.force_login(user)
    etag = etag_of(client, PLAN)
    assert revisit(client, PLAN, etag).status_code == 304
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert revisit(client, PLAN, etag).status_code == 200


def test_another_client_never_gets_a_304_for_someone_elses_etag(client) -> None:
    _, _, first = plan_client()
    other, _, second = plan_client()
    client.force_login(first)
    etag = etag_of(client, PLAN)
    client.force_login(second)
    response = revisit(client, PLAN, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert revisit(client, PLAN, response["ETag"]).status_code == 304


def test_a_waiting_message_is_shown_not_answered_304(client) -> None:
    _, program, user = plan_client()
    client.force_login(user)
    etag = etag_of(client, PLAN)
    drill = first_drill(program)
    # A rating out of range changes nothing but leaves a message for the plan page.
    refused = client.post(reverse("plan:drill-pain", args=[drill.pk]), {"pain": "99"})
    assert refused.status_code == 302
    words = DrillPainForm({"pain": "99"}).errors["pain"][0]
    response = revisit(client, PLAN, etag)
    assert response.status_code == 200
    assert escape(words) in response.content.decode()
    # Shown once; then nothing changed, so the revisit is a 304 again.
    assert revisit(client, PLAN, etag).status_code == 304


def test_a_client_page_revisit_is_a_304_until_the_coach_edits_the_client(
    client, django_assert_max_num_queries
) -> None:
    athlete, _, _ = plan_client()
    url = reverse("clients:detail", args=[athlete.pk])
    client.force_login(athlete.coach)
    etag = etag_of(client, url)
    with django_assert_max_num_queries(3):
        assert revisit(client, url, etag).status_code == 304
    athlete.activity = "Rowing"
    client_update(client=athlete)
    after = revisit(client, url, etag)
    assert after.status_code == 200 and "Rowing" in after.content.decode()


def test_a_revoked_link_changes_the_client_page_etag(client) -> None:
    athlete, _, _ = plan_client()
    url = reverse("clients:detail", args=[athlete.pk])
    link_issue(client=athlete, user=athlete.coach)
    client.force_login(athlete.coach)
    etag = etag_of(client, url)
    assert revisit(client, url, etag).status_code == 304
    link_revoke(client=athlete)
    after = revisit(client, url, etag)
    assert after.status_code == 200
    assert "No working link" in after.content.decode()


def test_a_link_that_expires_changes_the_client_page_stamp(monkeypatch) -> None:
    athlete = make_client()
    issued_at = timezone.now()
    link_issue(
        client=athlete, user=athlete.coach, lifetime=timedelta(minutes=5), now=issued_at
    )
    request = cast(AuthenticatedHttpRequest, RequestFactory().get("/"))
    request.user = athlete.coach
    working = client_page_stamp(request, athlete.pk)
    later = issued_at + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    expired = client_page_stamp(request, athlete.pk)
    assert working != expired
    # Time alone moves it only when the link stops working.
    monkeypatch.setattr(timezone, "now", lambda: issued_at + timedelta(minutes=4))
    assert client_page_stamp(request, athlete.pk) == working


def test_a_pain_alert_reviewed_changes_the_client_page_etag(client) -> None:
    athlete, program, _ = plan_client()
    drill = first_drill(program)
    today = timezone.localdate()
    completion_toggle(client=athlete, prescription=drill, on_date=today)
    completion_pain_record(
        client=athlete, prescription=drill, on_date=today, pain=8, note=""
    )
    alert = athlete.pain_alerts.get()
    url = reverse("clients:detail", args=[athlete.pk])
    client.force_login(athlete.coach)
    etag = etag_of(client, url)
    assert revisit(client, url, etag).status_code == 304
    pain_alert_review(alert=alert, user=athlete.coach)
    assert revisit(client, url, etag).status_code == 200


def test_another_coach_gets_404_not_304_for_the_client_page(client) -> None:
    athlete, _, _ = plan_client()
    url = reverse("clients:detail", args=[athlete.pk])
    client.force_login(athlete.coach)
    etag = etag_of(client, url)
    client.force_login(make_coach())
    assert revisit(client, url, etag).status_code == 404


def test_a_coach_renamed_or_promoted_never_gets_the_old_page(client) -> None:
    athlete, _, _ = plan_client()
    url = reverse("clients:detail", args=[athlete.pk])
    coach = athlete.coach
    client.force_login(coach)
    etag = etag_of(client, url)
    coach.first_name = "Renamed"
    coach.save()
    client.force_login(coach)
    renamed = revisit(client, url, etag)
    assert renamed.status_code == 200
    coach.is_superuser = True  # a library editor now: the menu gains "Drill library"
    coach.save()
    client.force_login(coach)
    promoted = revisit(client, url, renamed["ETag"])
    assert promoted.status_code == 200
    assert "Drill library" in promoted.content.decode()


def test_a_message_from_the_coach_and_reading_it_change_both_etags(client) -> None:
    from clients.messages import message_send, thread_read
    from clients.models import Message

    athlete, _, user = plan_client()
    detail = reverse("clients:detail", args=[athlete.pk])
    client.force_login(athlete.coach)
    coach_etag = etag_of(client, detail)
    client.force_login(user)
    plan_etag = etag_of(client, PLAN)

    message_send(
        client=athlete, sender=Message.Sender.COACH, body="How did it go?", site=""
    )
    new_plan = revisit(client, PLAN, plan_etag)
    assert new_plan.status_code == 200
    plan_etag = new_plan["ETag"]

    thread_read(client=athlete, reader=Message.Sender.CLIENT)
    assert revisit(client, PLAN, plan_etag).status_code == 200  # the unread count went
    client.force_login(athlete.coach)
    assert revisit(client, detail, coach_etag).status_code == 200


def test_a_coach_changing_their_distance_unit_changes_the_client_page_etag(
    client,
) -> None:
    athlete, _, _ = plan_client()
    make_session(client=athlete, ktw_left_cm=6.985, ktw_right_cm=11.43)
    url = reverse("clients:detail", args=[athlete.pk])
    coach = athlete.coach
    client.force_login(coach)
    etag = etag_of(client, url)
    assert "knee-to-wall L 7.0 cm / R 11.4 cm" in client.get(url).content.decode()
    assert revisit(client, url, etag).status_code == 304
    coach.distance_unit = "in"
    coach.save(update_fields=["distance_unit"])
    after = revisit(client, url, etag)
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert "knee-to-wall L 2.75 in / R 4.5 in" in after.content.decode()


def test_a_coach_changing_their_time_zone_changes_the_client_page_etag(
    client,
) -> None:
    athlete, _, _ = plan_client()
    url = reverse("clients:detail", args=[athlete.pk])
    coach = athlete.coach
    client.force_login(coach)
    etag = etag_of(client, url)
    coach.time_zone = (
        "Pacific/Kiritimati" if coach.time_zone != "Pacific/Kiritimati" else "UTC"
    )
    coach.save(update_fields=["time_zone"])
    after = revisit(client, url, etag)
    assert after.status_code == 200
    assert after["ETag"] != etag

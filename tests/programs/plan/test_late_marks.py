"""Marks sent late (a phone that was offline): the day they were made, within limits."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Completion, PainReport, Prescription, Program
from programs.plan.forms import LATE_DAYS
from tests.factory import make_client, make_client_user, make_program, make_session

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")
HTMX = {"HX-Request": "true"}


def make_plan_client(*, published_days_ago: int = 14):
    client = make_client(training_days=list(range(7)))
    program = make_program(session=make_session(client=client))
    started = timezone.localdate() - timedelta(days=published_days_ago)
    program.published_at = timezone.make_aware(
        datetime.combine(started, datetime.min.time().replace(hour=9))
    )
    program.save(update_fields=["published_at"])
    return client, program, make_client_user(client=client)


def first_prescription(program: Program) -> Prescription:
    first = program.phases.get(number=1).prescriptions.select_related("drill").first()
    assert first is not None
    return first


def done_url(prescription: Prescription) -> str:
    return reverse("plan:toggle-done", args=[prescription.pk])


def days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


@pytest.mark.parametrize("late", [1, LATE_DAYS])
def test_it_saves_a_late_mark_for_the_day_it_was_made(client, late: int) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    response = client.post(done_url(prescription), {"day": days_ago(late), "done": "1"})
    assert response.status_code == 302
    row = Completion.objects.get(prescription=prescription)
    assert row.done and row.on_date == timezone.localdate() - timedelta(days=late)


def test_a_mark_sent_twice_stays_done(client) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    for _ in range(2):
        client.post(done_url(prescription), {"day": days_ago(2), "done": "1"})
    assert list(Completion.objects.values_list("done", flat=True)) == [True]
    client.post(done_url(prescription), {"day": days_ago(2), "done": "0"})
    client.post(done_url(prescription), {"day": days_ago(2), "done": "0"})
    assert list(Completion.objects.values_list("done", flat=True)) == [False]


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (-1, "has not come yet"),
        (LATE_DAYS + 1, f"more than {LATE_DAYS} days ago"),
    ],
)
def test_it_refuses_a_future_or_too_old_day(client, day: int, words: str) -> None:
    _, program, user = make_plan_client(published_days_ago=30)
    prescription = first_prescription(program)
    client.force_login(user)
    response = client.post(
        done_url(prescription), {"day": days_ago(day), "done": "1"}, follow=True
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Completion.objects.exists()


def test_it_refuses_a_day_before_the_plan_started(client) -> None:
    _, program, user = make_plan_client(published_days_ago=2)
    prescription = first_prescription(program)
    client.force_login(user)
    response = client.post(
        done_url(prescription), {"day": days_ago(3), "done": "1"}, headers=HTMX
    )
    assert response.status_code == 200  # htmx swaps the card with its message
    fragment = response.content.decode()
    assert "Your plan started on" in fragment
    assert f'id="done-error-{prescription.pk}"' in fragment
    assert not Completion.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("day", "yesterday", "not a date"),
        ("done", "maybe", "Tap Mark done or Undo"),
    ],
)
def test_it_refuses_a_mark_it_cannot_read(client, field, value, words) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    response = client.post(done_url(prescription), {field: value}, follow=True)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Completion.objects.exists()


def test_a_plain_tap_without_a_day_is_for_today(client) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    client.post(done_url(prescription))
    assert Completion.objects.get().on_date == timezone.localdate()


def test_pain_during_a_drill_goes_to_the_day_it_was_done(client) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    client.post(done_url(prescription), {"day": days_ago(2), "done": "1"})
    url = reverse("plan:drill-pain", args=[prescription.pk])
    client.post(url, {"day": days_ago(2), "pain": "2"})
    assert Completion.objects.get().pain == 2
    response = client.post(url, {"day": days_ago(-1), "pain": "2"}, follow=True)
    assert "has not come yet" in response.content.decode()


def test_pain_today_sent_late_is_kept_for_its_day(client) -> None:
    _, _, user = make_plan_client()
    client.force_login(user)
    client.post(reverse("plan:pain"), {"day": days_ago(3), "pain": "3"})
    report = PainReport.objects.get()
    assert (report.on_date, report.pain) == (
        timezone.localdate() - timedelta(days=3),
        3,
    )
    response = client.post(
        reverse("plan:pain"), {"day": days_ago(-2), "pain": "3", "note": "sore"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "has not come yet" in page and 'value="sore"' in page
    assert PainReport.objects.count() == 1


def test_the_card_form_carries_its_day(client) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert f'name="day" value="{timezone.localdate().isoformat()}"' in page
    assert 'name="done" value="1"' in page
    assert f'action="{done_url(prescription)}"' in page
    assert 'data-offline="done"' in page


def test_it_pins_a_late_mark_queries(client, django_assert_max_num_queries) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    with django_assert_max_num_queries(14):
        response = client.post(
            done_url(prescription), {"day": days_ago(3), "done": "1"}, headers=HTMX
        )
    assert response.status_code == 200

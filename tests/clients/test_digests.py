"""The coach's weekly digest: the right clients, once a week, from Monday 07:00 the coach's time."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clients.models import DigestSent
from programs.models import Prescription, Program
from programs.pain import completion_pain_record
from tests.factory import make_client, make_coach, make_program, make_session

pytestmark = pytest.mark.django_db

SYDNEY = "Australia/Sydney"
# Monday 30 November 2026, 08:00 in Sydney (UTC+11); still Sunday in London.
MONDAY_0800_SYDNEY = datetime(2026, 11, 29, 21, 0, tzinfo=UTC)
MONDAY_0600_SYDNEY = datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
WEDNESDAY_SYDNEY = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
NEXT_MONDAY_SYDNEY = MONDAY_0800_SYDNEY + timedelta(weeks=1)


def frozen(moment: datetime) -> mock._patch:
    return mock.patch("django.utils.timezone.now", return_value=moment)


def send(moment: datetime) -> list[mail.EmailMessage]:
    mail.outbox.clear()
    with frozen(moment):
        call_command("send_digests", stdout=io.StringIO())
    return list(mail.outbox)


def published_long_ago(program: Program, *, days: int) -> None:
    Program.objects.filter(pk=program.pk).update(
        published_at=MONDAY_0800_SYDNEY - timedelta(days=days), phase_started_on=None
    )


@pytest.fixture
def coach_week():
    """A Sydney coach whose clients each need one kind of attention, and a quiet one."""
    coach = make_coach(email="coach@example.com", time_zone=SYDNEY, first_name="Alex")
    pained = make_client(coach=coach, name="Pat Pain")
    program = make_program(session=make_session(client=pained))
    stepped = Prescription.objects.filter(
        phase__program=program, drill__previous_rung__isnull=False
    ).first()
    assert stepped is not None
    completion_pain_record(
        client=pained,
        prescription=stepped,
        on_date=date(2026, 11, 27),
        pain=5,
        note="Sharp",
    )
    referred = make_client(coach=coach, name="Rae Referred")
    make_session(client=referred, red_flags=["swelling"])
    idle = make_client(coach=coach, name="Ivy Idle")
    published_long_ago(make_program(session=make_session(client=idle)), days=20)
    drafted = make_client(coach=coach, name="Dan Draft")
    make_program(session=make_session(client=drafted), publish=False)
    make_client(coach=coach, name="Quinn Quiet")  # nothing the digest lists
    stranger = make_client(
        coach=make_coach(email="other@example.com"), name="Sol Stranger"
    )
    make_session(client=stranger, red_flags=["swelling"])
    return coach


def section(body: str, heading: str) -> str:
    """The lines under one heading of the digest, up to the next blank line."""
    start = body.index(heading)
    return body[start : body.find("\n\n", start)]


def test_it_lists_the_right_clients_under_each_heading(coach_week) -> None:
    sent = [
        message
        for message in send(MONDAY_0800_SYDNEY)
        if message.to == ["coach@example.com"]
    ]
    assert len(sent) == 1
    body = str(sent[0].body)
    assert "Pat Pain" in section(body, "Pain alerts to review")
    assert "Rae Referred" in section(body, "Referred to a clinician")
    assert "Ivy Idle" in section(body, "Low adherence")
    assert "Ivy Idle" in section(body, "Re-tests due")
    assert "Dan Draft" in section(body, "Draft programs")
    assert "Rae Referred" not in section(body, "Pain alerts to review")
    assert "Quinn Quiet" not in body
    assert "Sol Stranger" not in body
    assert "http://localhost:8000/clients/" in body
    # Names and links only: no pain scores or the client's own words in an email.
    assert "Sharp" not in body
    assert "5/10" not in body


def test_it_waits_for_monday_morning_in_the_coachs_zone(coach_week) -> None:
    assert [m for m in send(MONDAY_0600_SYDNEY) if m.to == ["coach@example.com"]] == []
    assert not DigestSent.objects.filter(coach=coach_week).exists()


def test_it_sends_once_a_week(coach_week) -> None:
    assert (
        len([m for m in send(MONDAY_0800_SYDNEY) if m.to == ["coach@example.com"]]) == 1
    )
    assert [m for m in send(WEDNESDAY_SYDNEY) if m.to == ["coach@example.com"]] == []
    assert (
        len([m for m in send(NEXT_MONDAY_SYDNEY) if m.to == ["coach@example.com"]]) == 1
    )
    weeks = DigestSent.objects.filter(coach=coach_week).values_list(
        "week_of", flat=True
    )
    assert sorted(weeks) == [date(2026, 11, 30), date(2026, 12, 7)]


def test_a_quiet_week_sends_nothing() -> None:
    coach = make_coach(email="calm@example.com")
    make_client(coach=coach, name="Quinn Quiet")
    assert send(MONDAY_0800_SYDNEY + timedelta(hours=12)) == []


def test_coaches_without_an_email_are_skipped(coach_week) -> None:
    coach_week.email = ""
    coach_week.save()
    assert [m for m in send(MONDAY_0800_SYDNEY) if "Pat Pain" in m.body] == []
    assert timezone.get_current_timezone_name() == "Europe/London"

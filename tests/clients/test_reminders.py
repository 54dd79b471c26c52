"""Training-day reminders: opted-in clients only, on training days, at their local time, once a day."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, ReminderSent
from clients.reminders import unsubscribe_token
from clients.schedule import is_training_day
from clients.tasks import reminder_send
from tests.factory import make_client, make_client_user, make_program, make_session

pytestmark = pytest.mark.django_db

LOS_ANGELES = "America/Los_Angeles"
# Monday 30 November 2026, 07:45 in Los Angeles (UTC-8).
MONDAY_0745_LA = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)
MONDAY_0715_LA = datetime(2026, 11, 30, 15, 15, tzinfo=UTC)
TUESDAY_0745_LA = datetime(2026, 12, 1, 15, 45, tzinfo=UTC)
# Already Tuesday in UTC and London, still Monday 19:00 in Los Angeles.
MONDAY_EVENING_LA = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def frozen(moment: datetime) -> mock._patch:
    return mock.patch("django.utils.timezone.now", return_value=moment)


def make_reminded_client(**fields: Any) -> Client:
    """A client with a published plan who asked for reminders at 07:30 their time."""
    values: dict[str, Any] = {
        "time_zone": LOS_ANGELES,
        "email": "sam@example.com",
        "reminders_on": True,
        "reminder_time": time(7, 30),
    }
    values.update(fields)
    client = make_client(**values)
    make_program(session=make_session(client=client))
    return client


def send(moment: datetime) -> list[mail.EmailMessage]:
    mail.outbox.clear()
    with frozen(moment):
        call_command("send_reminders", stdout=io.StringIO())
    return list(mail.outbox)


@pytest.mark.parametrize(
    ("day", "training"),
    [
        (date(2026, 11, 30), True),
        (date(2026, 12, 1), False),
        (date(2026, 12, 2), True),
        (date(2026, 12, 4), True),
        (date(2026, 12, 5), False),
        (date(2026, 12, 6), False),
    ],
)
def test_the_default_training_days_are_monday_wednesday_friday(day, training) -> None:
    assert is_training_day(Client().training_days, day) is training


def test_it_reminds_at_the_clients_time_on_a_training_day() -> None:
    client = make_reminded_client()
    sent = send(MONDAY_0745_LA)
    assert [message.to for message in sent] == [["sam@example.com"]]
    message = sent[0]
    assert message.subject == "Today is a training day"
    assert "/plan/" in message.body
    assert reverse("reminders:stop", args=[unsubscribe_token(client)]) in message.body
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert ReminderSent.objects.get().on_date == date(2026, 11, 30)


def test_it_follows_the_training_days_the_coach_set() -> None:
    make_reminded_client(training_days=[1, 3])  # Tuesday and Thursday
    assert send(MONDAY_0745_LA) == []
    assert len(send(TUESDAY_0745_LA)) == 1
    assert ReminderSent.objects.get().on_date == date(2026, 12, 1)


def test_it_waits_for_the_chosen_time() -> None:
    make_reminded_client()
    assert send(MONDAY_0715_LA) == []
    assert not ReminderSent.objects.exists()


def test_it_sends_nothing_on_a_rest_day() -> None:
    make_reminded_client()
    assert send(TUESDAY_0745_LA) == []


def test_the_day_is_the_clients_not_the_servers() -> None:
    # Tuesday (a rest day) in London, Monday evening (a training day) in Los Angeles.
    make_reminded_client()
    assert len(send(MONDAY_EVENING_LA)) == 1
    assert ReminderSent.objects.get().on_date == date(2026, 11, 30)


def test_it_never_sends_twice_a_day() -> None:
    client = make_reminded_client()
    assert len(send(MONDAY_0745_LA)) == 1
    assert send(MONDAY_EVENING_LA) == []
    # A second task for the same day (a retry, two runs before the worker) sends nothing.
    assert reminder_send.call(client_id=client.pk, on_date="2026-11-30") == 0
    assert ReminderSent.objects.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"reminders_on": False},
        {"email": ""},
        {"archived_at": datetime(2026, 11, 1, tzinfo=UTC)},
    ],
    ids=["not opted in", "no email", "archived"],
)
def test_it_leaves_out_clients_who_should_not_get_one(fields) -> None:
    make_reminded_client(**fields)
    assert send(MONDAY_0745_LA) == []


def test_it_leaves_out_a_client_without_a_published_plan() -> None:
    make_client(
        time_zone=LOS_ANGELES,
        email="x@example.com",
        reminders_on=True,
        reminder_time=time(7, 30),
    )
    assert send(MONDAY_0745_LA) == []


def test_it_leaves_out_a_referred_client() -> None:
    client = make_reminded_client()
    make_session(
        client=client, red_flags=["swelling"]
    )  # opens a referral: the plan pauses
    assert send(MONDAY_0745_LA) == []


def test_each_client_gets_their_own() -> None:
    make_reminded_client(email="a@example.com")
    make_reminded_client(
        email="b@example.com", time_zone="Europe/London"
    )  # 15:45 there
    make_reminded_client(email="c@example.com", reminder_time=time(8, 0))  # not yet
    sent = send(MONDAY_0745_LA)
    assert sorted(message.to[0] for message in sent) == [
        "a@example.com",
        "b@example.com",
    ]


# --- the stop link: works without signing in -------------------------------------------


def stop_url(client: Client) -> str:
    return reverse("reminders:stop", args=[unsubscribe_token(client)])


def test_the_stop_link_asks_then_stops_without_signing_in(client) -> None:
    athlete = make_reminded_client()
    page = client.get(stop_url(athlete))
    assert page.status_code == 200
    assert "Stop reminders" in page.content.decode()
    athlete.refresh_from_db()
    assert athlete.reminders_on  # a GET (a link scanner) changes nothing
    done = client.post(stop_url(athlete))
    assert done.status_code == 200
    assert "no more reminder emails" in done.content.decode()
    athlete.refresh_from_db()
    assert not athlete.reminders_on
    assert send(MONDAY_0745_LA) == []


def test_a_mail_apps_one_click_post_needs_no_csrf_token() -> None:
    from django.test import Client as Browser

    athlete = make_reminded_client()
    browser = Browser(enforce_csrf_checks=True)
    response = browser.post(stop_url(athlete), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    athlete.refresh_from_db()
    assert not athlete.reminders_on


def test_a_tampered_stop_link_is_refused(client) -> None:
    athlete = make_reminded_client()
    other = make_reminded_client(email="other@example.com")
    token = unsubscribe_token(athlete)
    forged = re.sub(r"^[^:]+", str(other.pk), token)
    assert client.post(reverse("reminders:stop", args=[forged])).status_code == 404
    other.refresh_from_db()
    assert other.reminders_on


# --- the client's own choice -------------------------------------------------------------


def test_a_client_turns_reminders_on(client, django_assert_max_num_queries) -> None:
    athlete = make_client()
    client.force_login(make_client_user(client=athlete))
    with django_assert_max_num_queries(5):
        page = client.get(reverse("reminders:edit"))
    assert page.status_code == 200
    assert "Monday, Wednesday and Friday" in page.content.decode()
    with django_assert_max_num_queries(8):
        response = client.post(
            reverse("reminders:edit"),
            {"reminders_on": "on", "email": "me@example.com", "reminder_time": "18:15"},
        )
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.reminders_on, athlete.email, athlete.reminder_time) == (
        True,
        "me@example.com",
        time(18, 15),
    )


def test_reminders_without_an_email_get_a_field_message(client) -> None:
    athlete = make_client()
    client.force_login(make_client_user(client=athlete))
    response = client.post(
        reverse("reminders:edit"),
        {"reminders_on": "on", "email": "", "reminder_time": "25:99"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter your email to get reminders." in html
    assert "Enter a time, like 07:30." in html
    assert 'value="25:99"' in html
    athlete.refresh_from_db()
    assert not athlete.reminders_on


def test_timezone_default_is_untouched_after_a_run() -> None:
    make_reminded_client()
    send(MONDAY_0745_LA)
    assert timezone.get_current_timezone_name() == "Europe/London"

"""Training-day email reminders, in the client's own time zone, at the time they chose.

``manage.py send_reminders`` (run every few minutes by the scheduler) asks
``reminders_due`` and enqueues ``reminder_send`` for each; the task takes the
day's ``ReminderSent`` row before sending, so a client never gets two in a day
however often the command runs or the task is retried. The one-tap unsubscribe
link carries a signed client id: it works without signing in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NotRequired, TypedDict

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, ReminderSent
from clients.schedule import is_training_day
from clients.time_zones import local_now_for

UNSUBSCRIBE_SALT = "clients.reminders.unsubscribe"


class EmailParts(TypedDict):
    """The keyword arguments of clients.tasks.email_send."""

    subject: str
    body: str
    to: list[str]
    headers: NotRequired[dict[str, str]]


@dataclass(frozen=True, slots=True)
class DueReminder:
    client: Client
    on_date: date  # the client's local date


def reminders_due(
    *, now: datetime | None = None, clients: QuerySet[Client] | None = None
) -> list[DueReminder]:
    """Opted-in clients whose chosen time has come today, on a training day, not yet reminded."""
    now = now or timezone.now()
    candidates = (
        (Client.objects.all() if clients is None else clients)
        .filter(reminders_on=True, archived_at__isnull=True)
        .exclude(email="")
    )
    due = []
    for client in candidates.only(
        "pk",
        "name",
        "email",
        "time_zone",
        "reminder_time",
        "reminders_on",
        "training_days",
    ):
        local = local_now_for(client, now=now)
        if local.time() < client.reminder_time:
            continue
        if not is_training_day(client.training_days, local.date()):
            continue
        due.append(DueReminder(client, local.date()))
    if not due:
        return []
    sent = set(
        ReminderSent.objects.filter(
            client_id__in=[item.client.pk for item in due],
            on_date__in={item.on_date for item in due},
        ).values_list("client_id", "on_date")
    )
    return [item for item in due if (item.client.pk, item.on_date) not in sent]


def reminder_claim(*, client: Client, on_date: date) -> bool:
    """Take the day's reminder for this client: True once, False ever after."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(client=client, on_date=on_date)
    except IntegrityError:
        return False
    return True


def unsubscribe_token(client: Client) -> str:
    # No timestamp: the link in an old email keeps working (all it can do is stop them).
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(client.pk)


def unsubscribe_client(token: str) -> Client | None:
    """The client a stop link names (None for a wrong or tampered link)."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return Client.objects.filter(pk=pk).first() if isinstance(pk, int) else None


@transaction.atomic
def reminders_stop(*, client: Client) -> None:
    if client.reminders_on:
        client.reminders_on = False
        client.save(update_fields=["reminders_on", "updated_at"])


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def reminder_email(*, client: Client) -> EmailParts:
    """Subject, text and headers of one reminder: no health details (emails are not private)."""
    stop_url = site_url(reverse("reminders:stop", args=[unsubscribe_token(client)]))
    context = {
        "client": client,
        "first_name": client.name.split()[0] if client.name.split() else client.name,
        "plan_url": site_url(reverse("plan:today")),
        "stop_url": stop_url,
    }
    return {
        "subject": "Today is a training day",
        "body": render_to_string("clients/email/reminder.txt", context),
        "to": [client.email],
        # One-click unsubscribe in mail apps (RFC 8058): they POST to the same link.
        "headers": {
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


@transaction.atomic
def reminders_set(*, client: Client) -> Client:
    """Save the client's reminder choice (fields checked by clients.forms.ReminderForm)."""
    client.save(update_fields=["reminders_on", "email", "reminder_time", "updated_at"])
    return client

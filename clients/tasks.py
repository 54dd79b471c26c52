"""Background work (django.tasks): run by `manage.py db_worker`, never inside a request.

Arguments are plain JSON (strings, lists): a task may run on another machine,
later, after the objects it was about have changed.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task

from clients.models import Client
from clients.reminders import reminder_claim, reminder_email


@task()
def email_send(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    headers: dict[str, str] | None = None,
) -> int:
    """Send one email through the default mailer; the number sent (1).

    An SMTP error fails the task (the worker logs it and keeps the result as
    FAILED), so a broken mail server shows up instead of being swallowed.
    """
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task()
def reminder_send(*, client_id: int, on_date: str) -> int:
    """One training-day reminder (clients/reminders.py); 0 when opted out or already sent."""
    client = Client.objects.filter(
        pk=client_id, reminders_on=True, archived_at__isnull=True
    ).first()
    if client is None or not client.email:
        return 0
    # Taken before sending: a retry or a second enqueue never sends twice.
    if not reminder_claim(client=client, on_date=date.fromisoformat(on_date)):
        return 0
    return email_send.call(**reminder_email(client=client))

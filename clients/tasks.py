"""Background work (django.tasks): run by `manage.py db_worker`, never inside a request.

Arguments are plain JSON (strings, lists): a task may run on another machine,
later, after the objects it was about have changed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse

from clients.links import link_token
from clients.messages import message_note_deliver
from clients.models import ClientLink


@task()
def email_send(*, subject: str, body: str, to: list[str], html: str = "") -> int:
    """Send one email through the default mailer; the number sent (1).

    An SMTP error fails the task (the worker logs it and keeps the result as
    FAILED), so a broken mail server shows up instead of being swallowed.
    """
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task()
def message_note_send(*, to: str, recipient_id: int, site: str) -> bool:
    """The batched email note of unread messages (clients/messages.py); True when one went out."""
    return message_note_deliver(to=to, recipient_id=recipient_id, site=site)


@task()
def link_email_send(*, link_id: int, site: str) -> int:
    """Email the client their personal link; the number sent (0 when it no longer works).

    The task carries the link's id, never its token: the token is rebuilt
    here, so the queue table (kept until pruned) holds no working link.
    """
    link = ClientLink.objects.select_related("client", "client__coach").get(pk=link_id)
    client = link.client
    token = link_token(link)
    if token is None or client.is_archived or not client.email:
        return 0
    coach = client.coach.get_full_name() or client.coach.get_username()
    url = site + reverse("links:open", args=[token])
    body = (
        f"Hello {client.name},\n\n"
        f"{coach} has set up your plan on Weaklink. Open it on your phone with this link:\n\n"
        f"{url}\n\n"
        "The link signs you in without a password: keep it to yourself. "
        f"It works until {link.expires_at:%d %B %Y}.\n"
    )
    return email_send.call(
        subject=f"Your plan from {coach}", body=body, to=[client.email]
    )

"""Background work (django.tasks): run by `manage.py db_worker`, never inside a request.

Arguments are plain JSON (strings, lists): a task may run on another machine,
later, after the objects it was about have changed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task


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

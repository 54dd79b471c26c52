"""Messages between a coach and a client: one thread per client, read marks and email notes.

The email note of unread messages is batched: at most one an hour per
recipient (the coach over all their clients, or the client), sent by the task
worker. Each message enqueues a note task for its recipient, deferred to an
hour after the last note when one went out lately; the task itself checks
again (a note in the last hour, messages still unread) under a row lock, so
however many tasks wake up together only one note goes out. A note never holds
the messages' words (health details stay out of inboxes): only how many are
waiting and where to read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, QuerySet
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Message, User
from clients.page_cache import touch_clients

Sender = Message.Sender
NOTE_EVERY = timedelta(hours=1)
# A first note waits a little: a reply read in the app within minutes needs no email.
NOTE_DELAY = timedelta(minutes=10)
# The thread shows the latest messages; older ones stay stored (and exported).
THREAD_SHOWN = 100


@dataclass(frozen=True, slots=True)
class UnreadThread:
    """A client whose messages the coach has not read yet."""

    client_id: int
    name: str
    unread: int


def _other(side: str) -> str:
    return Sender.CLIENT if side == Sender.COACH else Sender.COACH


def message_send(
    *, client: Client, sender: str, body: str, site: str, now: datetime | None = None
) -> Message:
    """Add a message to the client's thread and queue an email note for the other side.

    ``site`` is the scheme and host the note's link points at (from the request).
    """
    message = Message(
        client=client,
        sender=sender,
        body=body.strip(),
        created_at=now or timezone.now(),
    )
    message.full_clean()
    with transaction.atomic():
        message.save()
        touch_clients([client.pk])
    recipient_id = client.coach_id if sender == Sender.CLIENT else client.pk
    note_enqueue(to=_other(sender), recipient_id=recipient_id, site=site, now=now)
    return message


def thread_messages(client: Client, *, limit: int = THREAD_SHOWN) -> list[Message]:
    """The latest ``limit`` messages of the thread, oldest first (one query)."""
    latest = Message.objects.filter(client=client).order_by("-created_at", "-id")[
        :limit
    ]
    return list(reversed(latest))


def thread_read(*, client: Client, reader: str, now: datetime | None = None) -> int:
    """Mark the other side's messages read by ``reader``; how many were unread."""
    with transaction.atomic():
        marked = Message.objects.filter(
            client=client, sender=_other(reader), read_at__isnull=True
        ).update(read_at=now or timezone.now())
        if marked:
            touch_clients([client.pk])
    return marked


def unread_count(client: Client, *, reader: str) -> int:
    """How many of the other side's messages ``reader`` has not read (one query)."""
    return Message.objects.filter(
        client=client, sender=_other(reader), read_at__isnull=True
    ).count()


def unread_for_coach(coach: User) -> list[UnreadThread]:
    """The coach's active clients with unread messages, by name (one query)."""
    rows = (
        Message.objects.filter(
            client__coach=coach,
            client__archived_at__isnull=True,
            sender=Sender.CLIENT,
            read_at__isnull=True,
        )
        .values("client_id", "client__name")
        .annotate(unread=Count("id"))
        .order_by("client__name", "client_id")
    )
    return [
        UnreadThread(
            client_id=row["client_id"], name=row["client__name"], unread=row["unread"]
        )
        for row in rows
    ]


# --- email notes -----------------------------------------------------------------------


def _incoming(*, to: str, recipient_id: int) -> QuerySet[Message]:
    """Every message addressed to this recipient (all the coach's clients, or one client)."""
    if to == Sender.COACH:
        return Message.objects.filter(
            client__coach_id=recipient_id,
            client__archived_at__isnull=True,
            sender=Sender.CLIENT,
        )
    return Message.objects.filter(
        client_id=recipient_id, client__archived_at__isnull=True, sender=Sender.COACH
    )


def _last_note(*, to: str, recipient_id: int) -> datetime | None:
    return (
        _incoming(to=to, recipient_id=recipient_id)
        .filter(noted_at__isnull=False)
        .order_by("-noted_at")
        .values_list("noted_at", flat=True)
        .first()
    )


def note_enqueue(
    *, to: str, recipient_id: int, site: str, now: datetime | None = None
) -> None:
    """Queue the note task after the current transaction commits.

    With a backend that can defer (the database worker) it runs NOTE_DELAY
    from now, or an hour after the last note; without one (tests) at once, and
    the task's own check holds the hourly limit.
    """
    from clients.tasks import message_note_send

    now = now or timezone.now()
    task = message_note_send
    if default_task_backend.supports_defer:
        last = _last_note(to=to, recipient_id=recipient_id)
        run_after = max(now + NOTE_DELAY, (last + NOTE_EVERY) if last else now)
        task = task.using(run_after=run_after)
    transaction.on_commit(
        lambda: task.enqueue(to=to, recipient_id=recipient_id, site=site)
    )


@dataclass(frozen=True, slots=True)
class Note:
    to: str
    subject: str
    body: str


def _note_words(*, to: str, person: User | Client, unread: int, site: str) -> Note:
    plural = "s" if unread != 1 else ""
    if isinstance(person, User):
        threads = unread_for_coach(person)
        names = ", ".join(f"{row.name} ({row.unread})" for row in threads)
        return Note(
            to=person.email,
            subject=f"{unread} unread message{plural} from your clients",
            body=(
                f"You have {unread} unread message{plural} on Weaklink from: {names}.\n\n"
                f"Read and reply: {site}{reverse('home')}\n\n"
                "You get at most one of these notes an hour."
            ),
        )
    return Note(
        to=person.email,
        subject=f"{unread} new message{plural} from your coach",
        body=(
            f"Hello {person.name},\n\n"
            f"Your coach sent you {unread} message{plural} on Weaklink.\n\n"
            f"Read and reply on your plan: {site}{reverse('plan-messages:thread')}\n"
            "(If the page asks you to sign in, open the personal link your coach gave you.)\n\n"
            "You get at most one of these notes an hour."
        ),
    )


def message_note_deliver(
    *, to: str, recipient_id: int, site: str, now: datetime | None = None
) -> bool:
    """Email the recipient a note of their unread messages, unless one went out in the last hour.

    Only messages still unread and not in an earlier note make a new note; the
    recipient's row is locked so two workers cannot both send. True when sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        person: User | Client | None
        if to == Sender.COACH:
            person = (
                User.objects.select_for_update()
                .filter(pk=recipient_id, role=User.Role.COACH, is_active=True)
                .first()
            )
        else:
            person = (
                Client.objects.select_for_update()
                .filter(pk=recipient_id, archived_at__isnull=True)
                .first()
            )
        if person is None or not person.email:
            return False
        incoming = _incoming(to=to, recipient_id=recipient_id)
        if incoming.filter(noted_at__gt=now - NOTE_EVERY).exists():
            return False
        unread = incoming.filter(read_at__isnull=True)
        fresh = list(unread.filter(noted_at__isnull=True).values_list("pk", flat=True))
        if not fresh:
            return False
        Message.objects.filter(pk__in=fresh).update(noted_at=now)
        note = _note_words(to=to, person=person, unread=unread.count(), site=site)
        # Inside the transaction: a mail server error rolls the marks back and
        # fails the task, so the next message's task tries again.
        EmailMultiAlternatives(
            subject=note.subject,
            body=note.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[note.to],
        ).send()
    return True

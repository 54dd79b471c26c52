"""Messages: one thread per client, read marks, unread counts and the hourly email note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.tasks.backends.dummy import DummyBackend
from django.utils import timezone

from clients.messages import (
    NOTE_DELAY,
    NOTE_EVERY,
    message_note_deliver,
    message_send,
    note_enqueue,
    thread_messages,
    thread_read,
    unread_count,
    unread_for_coach,
)
from clients.models import Message
from clients.tasks import message_note_send
from tests.factory import make_client, make_coach

pytestmark = pytest.mark.django_db

COACH = Message.Sender.COACH
CLIENT = Message.Sender.CLIENT
SITE = "https://weaklink.example"


def send(client, sender, body="Hello", **kwargs):
    return message_send(client=client, sender=sender, body=body, site=SITE, **kwargs)


def test_each_client_has_their_own_thread() -> None:
    coach = make_coach()
    maya, tom = make_client(coach=coach), make_client(coach=coach)
    send(maya, CLIENT, "Maya's knee is fine")
    send(tom, CLIENT, "Tom's question")
    send(maya, COACH, "Good to hear")
    assert [m.body for m in thread_messages(maya)] == [
        "Maya's knee is fine",
        "Good to hear",
    ]
    assert [m.body for m in thread_messages(tom)] == ["Tom's question"]


def test_another_coach_never_counts_a_thread_that_is_not_theirs() -> None:
    maya = make_client()
    send(maya, CLIENT)
    assert unread_for_coach(make_coach()) == []
    [row] = unread_for_coach(maya.coach)
    assert (row.client_id, row.name, row.unread) == (maya.pk, maya.name, 1)


def test_reading_marks_only_the_other_sides_messages() -> None:
    maya = make_client()
    send(maya, CLIENT, "one")
    send(maya, CLIENT, "two")
    send(maya, COACH, "reply")
    assert unread_count(maya, reader=COACH) == 2
    assert unread_count(maya, reader=CLIENT) == 1
    assert thread_read(client=maya, reader=COACH) == 2
    assert unread_count(maya, reader=COACH) == 0
    # The coach's own reply stays unread until the client opens the thread.
    assert unread_count(maya, reader=CLIENT) == 1
    assert thread_read(client=maya, reader=COACH) == 0


def test_reading_touches_the_client_so_cached_pages_follow() -> None:
    maya = make_client()
    send(maya, CLIENT)
    maya.refresh_from_db()
    before = maya.data_version
    thread_read(client=maya, reader=COACH)
    maya.refresh_from_db()
    assert maya.data_version != before


def test_archived_clients_are_left_out_of_the_coachs_unread() -> None:
    maya = make_client()
    send(maya, CLIENT)
    maya.archived_at = timezone.now()
    maya.save(update_fields=["archived_at"])
    assert unread_for_coach(maya.coach) == []


@pytest.mark.parametrize("body", ["", "   ", "x" * (Message.MAX_LENGTH + 1)])
def test_an_empty_or_too_long_message_is_refused(body: str) -> None:
    maya = make_client()
    with pytest.raises(ValidationError):
        send(maya, CLIENT, body)
    assert not Message.objects.exists()


# --- the email note --------------------------------------------------------------------


def deliver_to_coach(coach, now):
    return message_note_deliver(to=COACH, recipient_id=coach.pk, site=SITE, now=now)


def test_the_coach_gets_at_most_one_note_an_hour() -> None:
    coach = make_coach(email="coach@gym.example")
    maya, tom = (
        make_client(coach=coach, name="Maya"),
        make_client(coach=coach, name="Tom"),
    )
    start = timezone.now()
    send(maya, CLIENT, "first", now=start)
    # On-commit callbacks do not run inside the test transaction: deliver by hand.
    assert deliver_to_coach(coach, start)
    assert len(mail.outbox) == 1
    note = mail.outbox[0]
    assert note.to == ["coach@gym.example"]
    assert "1 unread message" in note.subject
    assert "Maya (1)" in note.body and f"{SITE}/" in note.body
    # The words of a message never go into an email.
    assert "first" not in note.body

    send(tom, CLIENT, "second", now=start + timedelta(minutes=5))
    send(maya, CLIENT, "third", now=start + timedelta(minutes=20))
    assert not deliver_to_coach(coach, start + timedelta(minutes=59))
    assert len(mail.outbox) == 1
    # An hour after the first note, one note for everything still unread.
    assert deliver_to_coach(coach, start + NOTE_EVERY + timedelta(seconds=1))
    assert len(mail.outbox) == 2
    assert "3 unread messages" in mail.outbox[1].subject
    assert "Maya (2)" in mail.outbox[1].body and "Tom (1)" in mail.outbox[1].body
    # Nothing new since: no third note, even hours later.
    assert not deliver_to_coach(coach, start + timedelta(hours=5))
    assert len(mail.outbox) == 2


def test_no_note_for_messages_already_read() -> None:
    coach = make_coach(email="coach@gym.example")
    maya = make_client(coach=coach)
    send(maya, CLIENT)
    thread_read(client=maya, reader=COACH)
    mail.outbox.clear()
    assert not deliver_to_coach(coach, timezone.now() + timedelta(hours=2))
    assert mail.outbox == []


def test_the_client_gets_a_note_at_their_own_address() -> None:
    maya = make_client(email="maya@home.example", name="Maya")
    send(maya, COACH, "How did the bridges feel?")
    mail.outbox.clear()
    assert message_note_deliver(
        to=CLIENT, recipient_id=maya.pk, site=SITE, now=timezone.now()
    )
    [note] = mail.outbox
    assert note.to == ["maya@home.example"]
    assert "Hello Maya" in note.body and f"{SITE}/plan/messages/" in note.body
    assert "bridges" not in note.body


def test_no_note_without_an_address() -> None:
    maya = make_client()  # no email
    send(maya, COACH)
    mail.outbox.clear()
    assert not message_note_deliver(
        to=CLIENT, recipient_id=maya.pk, site=SITE, now=timezone.now()
    )
    assert mail.outbox == []


def test_a_message_queues_the_note_through_the_worker(
    django_capture_on_commit_callbacks,
) -> None:
    coach = make_coach(email="coach@gym.example")
    maya = make_client(coach=coach)
    with django_capture_on_commit_callbacks(execute=True):
        send(maya, CLIENT)
    # Tests run tasks at once (the immediate backend): the note went out.
    assert [note.to for note in mail.outbox] == [["coach@gym.example"]]
    with django_capture_on_commit_callbacks(execute=True):
        send(maya, CLIENT, "again")
    assert len(mail.outbox) == 1  # within the hour: held back


def test_the_task_runs_the_same_check_when_called_directly() -> None:
    coach = make_coach(email="coach@gym.example")
    maya = make_client(coach=coach)
    send(maya, CLIENT)
    assert message_note_send.call(to=COACH, recipient_id=coach.pk, site=SITE) is True
    assert message_note_send.call(to=COACH, recipient_id=coach.pk, site=SITE) is False


def test_a_deferring_worker_gets_the_note_an_hour_after_the_last_one(
    settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }

    coach = make_coach(email="coach@gym.example")
    maya = make_client(coach=coach)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        note_enqueue(to=COACH, recipient_id=coach.pk, site=SITE, now=now)
    first = dummy_backend().results[-1]
    assert first.task.func is message_note_send.func
    assert first.task.run_after == now + NOTE_DELAY
    assert first.kwargs == {"to": COACH, "recipient_id": coach.pk, "site": SITE}

    noted = now - timedelta(minutes=30)
    Message.objects.create(client=maya, sender=CLIENT, body="x", noted_at=noted)
    with django_capture_on_commit_callbacks(execute=True):
        note_enqueue(to=COACH, recipient_id=coach.pk, site=SITE, now=now)
    assert dummy_backend().results[-1].task.run_after == noted + NOTE_EVERY


def dummy_backend() -> DummyBackend:
    """The task backend the test configured (Django's dummy backend keeps what was enqueued)."""
    from django.tasks import task_backends

    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return backend

"""Template tags for the message thread's summaries: the client page's card and the phone's link."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from clients.messages import thread_messages, unread_count
from clients.models import Client, Message

register = template.Library()

# The client page's card shows the last few messages; the thread page shows the rest.
CARD_SHOWN = 3


@dataclass(frozen=True, slots=True)
class ThreadSummary:
    unread: int
    latest: list[Message]


@register.simple_tag
def thread_summary(client: Client, reader: str) -> ThreadSummary:
    """Unread count for ``reader`` and the latest messages (two queries)."""
    return ThreadSummary(
        unread=unread_count(client, reader=reader),
        latest=thread_messages(client, limit=CARD_SHOWN),
    )


@register.simple_tag
def unread_messages(client: Client, reader: str) -> int:
    """How many of the other side's messages ``reader`` has not read (one query)."""
    return unread_count(client, reader=reader)

"""A client's training days: which weekdays the coach set, and what follows from them.

Pure functions over plain values (weekday numbers, Monday = 0, as ``date.weekday()``),
so the phone plan, the pain questions, the handout and the coach's adherence all read
one schedule the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

WEEKDAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
WEEKDAY_SHORT = tuple(name[:3] for name in WEEKDAY_NAMES)
WEEKDAY_CHOICES = tuple(enumerate(WEEKDAY_NAMES))
# Project default: three training days a week, with a rest day between them.
DEFAULT_TRAINING_DAYS = (0, 2, 4)  # Monday, Wednesday, Friday
NO_DAYS_MESSAGE = (
    "Choose at least one training day: the client's plan needs a day to train on."
)


def default_training_days() -> list[int]:
    """The model field's default (a callable, so every client gets its own list)."""
    return list(DEFAULT_TRAINING_DAYS)


def clean_days(days: Iterable[object] | None) -> tuple[int, ...]:
    """The weekdays as sorted unique numbers 0-6; anything else is dropped.

    An empty or broken value falls back to the default, so a page never shows a
    client with no training day at all (the form refuses an empty choice).
    """
    found: set[int] = set()
    for day in days or ():
        try:
            number = int(str(day))
        except (TypeError, ValueError):
            continue
        if 0 <= number <= 6:
            found.add(number)
    return tuple(sorted(found)) or DEFAULT_TRAINING_DAYS


def is_training_day(days: Iterable[object], day: date) -> bool:
    return day.weekday() in clean_days(days)


def next_training_day(days: Iterable[object], after: date) -> date:
    """The first training day strictly after `after` (within the next seven days)."""
    chosen = clean_days(days)
    day = after + timedelta(days=1)
    while day.weekday() not in chosen:
        day += timedelta(days=1)
    return day


def training_days_between(days: Iterable[object], start: date, end: date) -> int:
    """How many training days fall from `start` to `end`, both included (0 if end < start)."""
    if end < start:
        return 0
    chosen = clean_days(days)
    total = (end - start).days + 1
    weeks, rest = divmod(total, 7)
    count = weeks * len(chosen)
    for offset in range(rest):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() in chosen:
            count += 1
    return count


def days_words(days: Iterable[object], *, short: bool = False) -> str:
    """ "Monday, Wednesday and Friday" (or "Mon, Wed, Fri" when short)."""
    names = WEEKDAY_SHORT if short else WEEKDAY_NAMES
    words = [names[day] for day in clean_days(days)]
    if short or len(words) == 1:
        return ", ".join(words)
    if len(words) == 7:
        return "every day"
    return f"{', '.join(words[:-1])} and {words[-1]}"


def next_session_words(days: Iterable[object], today: date) -> str:
    """When the next session is, as the client says it: "tomorrow, Thursday" or "Monday"."""
    upcoming = next_training_day(days, today)
    name = WEEKDAY_NAMES[upcoming.weekday()]
    if upcoming == today + timedelta(days=1):
        return f"tomorrow, {name}"
    if upcoming == today + timedelta(days=7):
        return f"next {name}"
    return name

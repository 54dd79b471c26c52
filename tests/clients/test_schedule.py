"""The training-day schedule: pure functions over weekday numbers (Monday = 0)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clients.schedule import (
    DEFAULT_TRAINING_DAYS,
    clean_days,
    days_words,
    is_training_day,
    next_session_words,
    next_training_day,
    training_days_between,
)

MONDAY = date(2026, 11, 23)
MWF = (0, 2, 4)


@pytest.mark.parametrize(
    ("today_offset", "expected_offset"),
    [
        (0, 2),  # Monday -> Wednesday
        (1, 2),  # Tuesday -> Wednesday
        (4, 7),  # Friday -> next Monday, across the weekend
        (5, 7),  # Saturday -> Monday
        (6, 7),  # Sunday -> Monday
    ],
)
def test_the_next_training_day_crosses_the_week(
    today_offset: int, expected_offset: int
) -> None:
    today = MONDAY + timedelta(days=today_offset)
    assert next_training_day(MWF, today) == MONDAY + timedelta(days=expected_offset)


@pytest.mark.parametrize(
    ("days", "today_offset", "words"),
    [
        (MWF, 1, "tomorrow, Wednesday"),
        (MWF, 5, "Monday"),  # Saturday: Monday is two days on
        (MWF, 6, "tomorrow, Monday"),  # Sunday
        ((3,), 0, "Thursday"),
        ((0,), 0, "next Monday"),  # a Monday-only client on a Monday
        ((1, 3), 3, "Tuesday"),  # Thursday -> Tuesday of the next week
    ],
)
def test_it_says_when_the_next_session_is(
    days: tuple[int, ...], today_offset: int, words: str
) -> None:
    assert next_session_words(days, MONDAY + timedelta(days=today_offset)) == words


def test_it_counts_training_days_in_a_window() -> None:
    sunday = MONDAY + timedelta(days=6)
    assert training_days_between(MWF, MONDAY, sunday) == 3
    assert training_days_between(MWF, MONDAY + timedelta(days=3), sunday) == 1
    assert training_days_between(MWF, MONDAY, MONDAY + timedelta(days=13)) == 6
    # Any 14 days hold two of each weekday, wherever they start.
    assert (
        training_days_between(
            (1, 5), MONDAY + timedelta(days=3), MONDAY + timedelta(days=16)
        )
        == 4
    )
    assert training_days_between(MWF, MONDAY, MONDAY - timedelta(days=1)) == 0
    # Brute force agrees on odd windows.
    for start in range(7):
        for length in range(1, 20):
            first = MONDAY + timedelta(days=start)
            last = first + timedelta(days=length - 1)
            expected = sum(
                1 for n in range(length) if (first + timedelta(days=n)).weekday() in MWF
            )
            assert training_days_between(MWF, first, last) == expected


def test_it_reads_training_days_in_words() -> None:
    assert days_words(MWF) == "Monday, Wednesday and Friday"
    assert days_words(MWF, short=True) == "Mon, Wed, Fri"
    assert days_words([3]) == "Thursday"
    assert days_words(range(7)) == "every day"


def test_a_broken_or_empty_schedule_falls_back_to_the_default() -> None:
    assert clean_days([]) == DEFAULT_TRAINING_DAYS
    assert clean_days(None) == DEFAULT_TRAINING_DAYS
    assert clean_days(["4", 4, 9, "x", 0]) == (0, 4)
    assert is_training_day(MWF, MONDAY) and not is_training_day(
        MWF, MONDAY + timedelta(days=1)
    )

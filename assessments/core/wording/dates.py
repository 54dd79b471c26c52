"""Dates as people read them: one format on every page ("27 Nov 2026").

Pure (no Django). Templates write the same date with `|date:"j M Y"`.
"""

from __future__ import annotations

from datetime import date

from assessments.core.wording.units import NO_VALUE

# The C locale's names, without strftime's cost on every chart label.
_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
_WEEKDAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Templates write the same date with Django's format string.
DATE_FORMAT = "j M Y"


def date_words(day: date | None) -> str:
    """The one date format: "5 Jan 2026" (templates: `|date:"j M Y"`)."""
    if day is None:
        return NO_VALUE
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date_words(day: date, *, with_year: bool = False) -> str:
    """An axis label: "5 Jan", or "5 Jan 26" when a chart spans years."""
    month = _MONTHS[day.month - 1]
    return (
        f"{day.day} {month} {day.year % 100:02d}" if with_year else f"{day.day} {month}"
    )


def day_words(day: date) -> str:
    """A day a client reads on the phone: "Friday 27 November"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"

"""The client's progress on the plan: this week's sessions, the streak and the knee-to-wall trend.

Pure helpers (streak_length, ktw_trend) take plain values; week_progress reads the
database in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F

from assessments.core.rules import threshold
from assessments.core.wording import (
    amount,
    date_words,
    number,
)
from clients.models import Client
from clients.schedule import (
    is_training_day,
    training_days_between,
)
from programs.models import (
    Completion,
    Phase,
    Program,
)
from programs.services import program_started_on

STREAK_LOOKBACK_DAYS = 366
KTW_TARGET_CM = float(threshold("ktw_restricted_cm"))  # from the rule table
KTW_TREND_SESSIONS = 8


def streak_length(
    *,
    days_done: set[date],
    today: date,
    training_days: Iterable[object] = range(7),
) -> int:
    """Sessions in a row, ending today (or before today, if today is still open).

    A missed training day ends the streak; a rest day without drills does not, and
    drills done on a rest day count as a session.
    """
    day = today if today in days_done else today - timedelta(days=1)
    streak = 0
    for _ in range(STREAK_LOOKBACK_DAYS):
        if day in days_done:
            streak += 1
        elif is_training_day(training_days, day):
            break
        day -= timedelta(days=1)
    return streak


@dataclass(frozen=True, slots=True)
class TrendPoint:
    x: float
    y: float
    cm: float
    on: date

    @property
    def box_x(self) -> float:
        return self.x - 3.5

    @property
    def box_y(self) -> float:
        return self.y - 3.5


@dataclass(frozen=True, slots=True)
class KtwTrend:
    """A small knee-to-wall chart laid out for an inline SVG (coordinates in SVG units)."""

    width: int
    height: int
    left: tuple[TrendPoint, ...]
    right: tuple[TrendPoint, ...]
    target_y: float
    target_cm: float
    top_cm: float
    dates: tuple[tuple[float, date], ...]
    summary: str

    @property
    def left_points(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.left)

    @property
    def right_points(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.right)


def ktw_trend(
    *,
    measures: Sequence[tuple[date, float | None, float | None]],
    target_cm: float = KTW_TARGET_CM,
) -> KtwTrend | None:
    """Left and right knee-to-wall over sessions (oldest first) against the target line."""
    measures = [m for m in measures if m[1] is not None or m[2] is not None]
    if not measures:
        return None
    width, height, pad_x, pad_top, pad_bottom = 300, 140, 28, 10, 22
    values = [v for _, left, right in measures for v in (left, right) if v is not None]
    top_cm = max(max(values), target_cm) + 2
    plot_w = width - 2 * pad_x
    plot_h = height - pad_top - pad_bottom

    def x_at(index: int) -> float:
        return pad_x + (
            plot_w * index / (len(measures) - 1) if len(measures) > 1 else plot_w / 2
        )

    def y_at(cm: float) -> float:
        return pad_top + plot_h * (1 - cm / top_cm)

    left = tuple(
        TrendPoint(x_at(i), y_at(m[1]), m[1], m[0])
        for i, m in enumerate(measures)
        if m[1] is not None
    )
    right = tuple(
        TrendPoint(x_at(i), y_at(m[2]), m[2], m[0])
        for i, m in enumerate(measures)
        if m[2] is not None
    )
    latest = measures[-1]
    parts = [
        f"{side} {amount(cm, 'cm')}"
        for side, cm in (("left", latest[1]), ("right", latest[2]))
        if cm is not None
    ]
    summary = (
        f"Latest ({date_words(latest[0])}): {', '.join(parts)}. "
        f"Target {number(target_cm)} cm."
    )
    return KtwTrend(
        width=width,
        height=height,
        left=left,
        right=right,
        target_y=y_at(target_cm),
        target_cm=target_cm,
        top_cm=top_cm,
        dates=((x_at(0), measures[0][0]), (x_at(len(measures) - 1), measures[-1][0]))
        if len(measures) > 1
        else ((x_at(0), measures[0][0]),),
        summary=summary,
    )


@dataclass(frozen=True, slots=True)
class WeekProgress:
    """This week's sessions (days with a drill done) against the training days planned."""

    done: int
    planned: int
    streak: int
    week_starts: date

    @property
    def words(self) -> str:
        if self.done > self.planned:
            noun = "session" if self.done == 1 else "sessions"
            return f"{self.done} {noun} ({self.planned} planned)"
        noun = "session" if self.planned == 1 else "sessions"
        return f"{self.done} of {self.planned} {noun}"


def week_progress(
    *, client: Client, program: Program, phases: Sequence[Phase], today: date
) -> WeekProgress:
    """This week (Monday to Sunday): sessions done against the client's training days
    since the program started, and the streak. One query."""
    monday = today - timedelta(days=today.weekday())
    per_day = (
        Completion.objects.filter(
            client=client,
            done=True,
            on_date__gt=today - timedelta(days=STREAK_LOOKBACK_DAYS),
            on_date__lte=today,
        )
        .values("on_date", program_id=F("prescription__phase__program_id"))
        .annotate(n=Count("id"))
        .order_by()
    )
    days_done: set[date] = set()
    sessions: set[date] = set()
    for row in per_day:
        days_done.add(row["on_date"])
        if row["on_date"] >= monday and row["program_id"] == program.pk:
            sessions.add(row["on_date"])
    started_on = program_started_on(program)
    planned = training_days_between(
        client.training_days, max(monday, started_on), monday + timedelta(days=6)
    )
    return WeekProgress(
        done=len(sessions),
        planned=planned,
        streak=streak_length(
            days_done=days_done, today=today, training_days=client.schedule
        ),
        week_starts=monday,
    )

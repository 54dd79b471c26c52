"""The next training day's question (CLINICAL.md section 10): how does the knee feel after the drills?

Asked once, the training day after the client's latest day with drills done; the
answer goes through the same rule as pain during a drill (programs/pain.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.core.wording import day_words
from clients.models import Client
from programs.models import Completion, Program
from programs.pain import (
    Advice,
    PainOutcome,
    _check_pain,
    _step_down,
    _stop,
    next_training_day,
    pain_advice,
)


@dataclass(frozen=True, slots=True)
class NextDayQuestion:
    """The question of the next training day, about the drills done on `day`."""

    day: date
    today: date
    drills: tuple[str, ...]

    @property
    def question(self) -> str:
        if self.day == self.today - timedelta(days=1):
            return "How does your knee feel today, after yesterday's drills?"
        return f"How does your knee feel today, after your drills of {day_words(self.day)}?"


def next_day_question(*, client: Client, today: date) -> NextDayQuestion | None:
    """The question to ask today, or None (one query).

    Asked when today is the next training day (the client's schedule) after the
    client's latest day with drills done, and not yet answered.
    """
    latest = (
        Completion.objects.filter(client=client, done=True, on_date__lt=today)
        .order_by("-on_date")
        .values("on_date")[:1]
    )
    rows = list(
        Completion.objects.filter(client=client, done=True, on_date=latest)
        .order_by("prescription__phase__number", "prescription__order", "id")
        .values_list(
            "on_date",
            "pain_next_day",
            Coalesce(F("drill__name"), F("prescription__drill__name")),
        )
    )
    if not rows:
        return None
    day = rows[0][0]
    if next_training_day(day, training_days=client.training_days) != today or any(
        row[1] is not None for row in rows
    ):
        return None
    return NextDayQuestion(
        day=day, today=today, drills=tuple(dict.fromkeys(row[2] for row in rows))
    )


@transaction.atomic
def next_day_pain_record(
    *, client: Client, today: date, pain: int, note: str = ""
) -> PainOutcome:
    """How the knee feels today, after the drills of the previous training day (asked once)."""
    _check_pain(pain)
    Client.objects.select_for_update().filter(
        pk=client.pk
    ).first()  # one answer at a time
    question = next_day_question(client=client, today=today)
    if question is None:
        raise ValidationError(
            {
                "pain": "There is nothing to rate today: no drills were done on your last training day, or you already answered."
            }
        )
    completions = list(
        Completion.objects.filter(client=client, done=True, on_date=question.day)
        .select_related("prescription__drill", "prescription__phase__program", "drill")
        .order_by("prescription__phase__number", "prescription__order", "id")
    )
    Completion.objects.filter(pk__in=[c.pk for c in completions]).update(
        pain_next_day=pain, updated_at=timezone.now()
    )
    advice = pain_advice(next_day=pain)
    if advice == Advice.FINE:
        return PainOutcome(Advice.FINE, (), None, None, None)
    live = [
        c.prescription
        for c in completions
        if c.prescription.phase.program.status == Program.Status.PUBLISHED
    ]
    program = live[0].phase.program if live else None
    day = day_words(question.day)
    if advice == Advice.STOP:
        return _stop(
            client=client,
            program=program,
            prescription=live[0] if len(live) == 1 else None,
            on_date=question.day,
            pain=pain,
            what=f"Knee pain the day after the drills of {day}:",
            pain_next_day=pain,
            note=note,
        )
    return _step_down(
        client=client,
        program=program,
        prescriptions=live,
        on_date=question.day,
        reason=f"Your knee was {pain}/10 the day after your drills of {day}.",
        pain_next_day=pain,
        note=note,
    )

"""Pain that speaks up (CLINICAL.md section 10): the rule, what it writes, what the coach reads.

After a drill the client may rate the pain during it (0-10); the next training day
the plan asks how the knee feels. The rule (after the pain-monitoring model of
Silbernagel et al. 2007, kept stricter here):

- during and next day at most ``acceptable``: fine, carry on;
- during above ``acceptable`` (and under ``stop``), or next day above ``acceptable``,
  or pain during rising by ``rising`` points or more over the ``logs`` latest logs of
  one ladder: that prescription steps one rung down from the next training day, and
  the coach is alerted (and can undo it);
- ``stop`` or more at any time: a referral opens, the plan pauses, the coach is alerted.

Never two rungs at once: a prescription with an active step down is not stepped again.
The thresholds live in ``PAIN_MONITORING``; every sentence below reads them from there.
What the coach reads about the alerts is in programs/plan/log.py (open_pain_alerts);
the next training day's question is programs/pain_next_day.py, the coach's review
and undo programs/pain_review.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from assessments.core.wording import day_words
from assessments.models import Referral
from assessments.referrals import referral_report
from clients.models import Client
from clients.schedule import next_training_day as scheduled_next_day
from programs.models import (
    Completion,
    Drill,
    PainAlert,
    Prescription,
    Program,
    StepDown,
)
from programs.progression.pain_rule import (  # noqa: F401 (re-exported: one rule)
    PAIN_MONITORING,
    Advice,
    PainThresholds,
    pain_advice,
    pain_rising,
)

# --- the rule lives in programs/progression/pain_rule.py (pure), shared with the findings engine ---


def next_training_day(
    day: date, *, training_days: Iterable[object] | None = None
) -> date:
    """The client's training day after `day`.

    With the client's ``training_days`` (clients/schedule.py), the next of those
    weekdays; without, the next calendar day. An easier drill after pain starts on
    the next calendar day (any later session uses it, rest day or not); the next-day
    question waits for the next training day.
    """
    if training_days is None:
        return day + timedelta(days=1)
    return scheduled_next_day(training_days, day)


def advice_words(advice: Advice, *, starts_on: date | None, today: date) -> str:
    """The advice as the client reads it, right after rating."""
    if advice == Advice.STOP:
        return "Stop, your coach is told."
    if advice == Advice.STEP_DOWN:
        if starts_on is None:
            return "That is more than we want. Until your coach has looked at it: do fewer reps, move through a smaller range, and stop if it hurts more. Your coach is told."
        if starts_on <= today:
            return "Use the easier drill from today. Your coach is told."
        return "Use the easier drill from your next training day. Your coach is told."
    return "Fine, carry on."


def rated_words(*, advice: Advice, coming: StepDown | None, stepped: bool) -> str:
    """What a drill's pain rating means, on its card (read again on every view)."""
    if advice == Advice.STOP:
        return "Stop, your coach is told."
    if coming is not None:
        return (
            "Use the easier drill from your next training day: "
            f"{coming.drill.name}, from {day_words(coming.starts_on)}. Your coach is told."
        )
    if advice == Advice.STEP_DOWN:
        if stepped:
            return "You are already on the easier drill. Your coach is told."
        return "That is more than we want. Until your coach has looked at it: do fewer reps, move through a smaller range, and stop if it hurts more. Your coach is told."
    return "Fine, carry on."


# --- writes -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainOutcome:
    advice: Advice
    step_downs: tuple[StepDown, ...]
    alert: PainAlert | None
    referral: Referral | None
    starts_on: date | None  # when the easier drill begins, if one does

    def words(self, *, today: date) -> str:
        starts_on = self.starts_on if self.step_downs else None
        return advice_words(self.advice, starts_on=starts_on, today=today)


def active_step_downs(
    prescriptions: Sequence[Prescription | int],
) -> QuerySet[StepDown]:
    ids = [item if isinstance(item, int) else item.pk for item in prescriptions]
    return StepDown.objects.filter(prescription_id__in=ids, undone_at__isnull=True)


def _rung_below(drill_id: int) -> Drill | None:
    return Drill.objects.filter(next_rung_id=drill_id).first()


def _alert(
    *,
    client: Client,
    level: str,
    program: Program | None,
    prescription: Prescription | None,
    on_date: date,
    pain_during: int | None = None,
    pain_next_day: int | None = None,
    note: str = "",
) -> PainAlert:
    alert = PainAlert(
        client=client,
        program=program,
        prescription=prescription,
        level=level,
        on_date=on_date,
        pain_during=pain_during,
        pain_next_day=pain_next_day,
        note=note.strip()[:500],
    )
    # Related rows come from our own queries: validate the values, not their existence.
    alert.full_clean(exclude=["client", "program", "prescription"])
    alert.save()
    return alert


def _step_down(
    *,
    client: Client,
    program: Program | None,
    prescriptions: Sequence[Prescription],
    on_date: date,
    reason: str,
    pain_during: int | None = None,
    pain_next_day: int | None = None,
    note: str = "",
) -> PainOutcome:
    """Alert the coach and move each prescription one rung down from the next training day.

    A prescription already stepped down (not undone) stays where it is, and one on the
    lowest rung of its ladder has nowhere to go: the coach is alerted all the same.
    """
    alert = _alert(
        client=client,
        level=PainAlert.Level.STEP_DOWN,
        program=program,
        prescription=prescriptions[0] if len(prescriptions) == 1 else None,
        on_date=on_date,
        pain_during=pain_during,
        pain_next_day=pain_next_day,
        note=note,
    )
    starts_on = next_training_day(on_date)
    stepped = set(
        active_step_downs(prescriptions).values_list("prescription_id", flat=True)
    )
    created: list[StepDown] = []
    for prescription in prescriptions:
        if prescription.pk in stepped:
            continue  # never two rungs at once
        below = _rung_below(prescription.drill_id)
        if below is None:
            continue
        step = StepDown(
            client=client,
            prescription=prescription,
            drill=below,
            starts_on=starts_on,
            reason=reason[:300],
            alert=alert,
        )
        step.full_clean(exclude=["client", "prescription", "drill", "alert"])
        step.save()
        created.append(step)
    return PainOutcome(Advice.STEP_DOWN, tuple(created), alert, None, starts_on)


def _stop(
    *,
    client: Client,
    program: Program | None,
    prescription: Prescription | None,
    on_date: date,
    pain: int,
    what: str,
    pain_during: int | None = None,
    pain_next_day: int | None = None,
    note: str = "",
) -> PainOutcome:
    """Pain of `stop` or more: refer the client (the plan pauses) and alert the coach."""
    note = note.strip()
    summary = f"{what} {pain}/10" + (f": {note}" if note else "")
    referral = referral_report(
        client=client, red_flags=[], knee_pain=pain, note=summary
    )
    alert = _alert(
        client=client,
        level=PainAlert.Level.STOP,
        program=program,
        prescription=prescription,
        on_date=on_date,
        pain_during=pain_during,
        pain_next_day=pain_next_day,
        # Without a figure of its own (the day's pain report) the note carries it.
        note=note if pain_during is not None or pain_next_day is not None else summary,
    )
    return PainOutcome(Advice.STOP, (), alert, referral, None)


def _check_pain(pain: int, field: str = "pain") -> None:
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        raise ValidationError(
            {field: "Choose a number from 0 (no pain) to 10 (worst pain)."}
        )


def _ladder_pains(*, client: Client, ladder: str) -> list[int]:
    """Pain during the latest logs of drills on one ladder, oldest first (one query)."""
    rows = (
        Completion.objects.filter(client=client, done=True, pain__isnull=False)
        .annotate(ladder=Coalesce(F("drill__ladder"), F("prescription__drill__ladder")))
        .filter(ladder=ladder)
        .order_by("-on_date", "-id")
        .values_list("pain", flat=True)[: PAIN_MONITORING.logs]
    )
    return [pain for pain in reversed(list(rows)) if pain is not None]


@transaction.atomic
def completion_pain_record(
    *,
    client: Client,
    prescription: Prescription,
    on_date: date,
    pain: int,
    note: str = "",
) -> PainOutcome:
    """Pain during a drill done on `on_date`, once; then the rule of CLINICAL.md section 10.

    Rating a drill marks it done (it was done to be rated). A second rating of the
    same drill and day is refused: the first one already spoke up.
    """
    _check_pain(pain)
    completion = (
        Completion.objects.select_for_update()
        .filter(prescription=prescription, on_date=on_date)
        .first()
    )
    if completion is None:
        completion = Completion(
            prescription=prescription,
            client=client,
            on_date=on_date,
            drill=_drill_if_stepped(prescription=prescription, on_date=on_date),
        )
    elif completion.pain is not None:
        raise ValidationError({"pain": "You already rated this drill today."})
    completion.done = True
    completion.pain = pain
    if note.strip():
        completion.note = note.strip()[:500]
    completion.full_clean(exclude=["prescription", "client", "drill"])
    completion.save()

    drill = completion.drill or prescription.drill
    program = prescription.phase.program
    day = day_words(on_date)
    if pain_advice(during=pain) == Advice.STOP:
        return _stop(
            client=client,
            program=program,
            prescription=prescription,
            on_date=on_date,
            pain=pain,
            what=f"Pain during {drill.name} on {day}:",
            pain_during=pain,
            note=note,
        )
    pains = _ladder_pains(client=client, ladder=drill.ladder) if drill.ladder else []
    if pain_advice(during=pain) == Advice.STEP_DOWN:
        reason = f"Your knee hurt {pain}/10 during {drill.name} on {day}."
    elif pain_rising(pains):
        reason = (
            f"Your knee pain during drills like this rose from {pains[0]}/10 to "
            f"{pains[-1]}/10 over the last {len(pains)} times."
        )
    else:
        return PainOutcome(Advice.FINE, (), None, None, None)
    return _step_down(
        client=client,
        program=program,
        prescriptions=[prescription],
        on_date=on_date,
        reason=reason,
        pain_during=pain,
        note=note,
    )


def _drill_if_stepped(*, prescription: Prescription, on_date: date) -> Drill | None:
    """The easier drill the plan shows in place of the prescribed one on that day, if any."""
    step = (
        active_step_downs([prescription])
        .filter(starts_on__lte=on_date)
        .select_related("drill")
        .order_by("-starts_on", "-id")
        .first()
    )
    return step.drill if step is not None else None


@transaction.atomic
def pain_today_stop(
    *, client: Client, today: date, pain: int, note: str = "", program: Program | None
) -> PainOutcome | None:
    """The day's pain report at `stop` or more pauses the plan too ("at any time")."""
    if pain_advice(during=pain) != Advice.STOP:
        return None
    return _stop(
        client=client,
        program=program,
        prescription=None,
        on_date=today,
        pain=pain,
        what="Knee pain reported today:",
        note=note,
    )

"""Exit criteria in the unit measured, their evaluation, and the phase gate (CLINICAL.md sections 7 and 11).

Pure: no Django and no app imports but the findings core and the pain rule. A
phase ends when its weeks have passed and every exit criterion is met; a
criterion is met, not yet met, or not measured (never guessed).

The app shows each criterion with `criteria_status`, and the phase with `phase_gate`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from assessments.core.findings import measure_value
from assessments.core.numbers import shown_number
from assessments.core.rules import exact_number, threshold
from assessments.core.types import Finding, LogEntry, SessionInput
from assessments.core.wording import share_words
from programs.progression.pain_rule import PAIN_MONITORING

MET = "met"
NOT_YET = "not_yet"
NOT_MEASURED = "not_measured"

# Kinds of criterion.
AT_LEAST = "at_least"  # field >= target
AT_MOST = "at_most"  # field <= target
ABSENT = "absent"  # a fault recorded as not seen (False)
WITHIN = "within"  # |field - other| < target
SHARE = "share"  # field >= target x other (dynamometer symmetry)
LOG_PAIN = "log_pain"  # pain during (and the next day) <= target over the last days


@dataclass(frozen=True, slots=True)
class Criterion:
    text: str  # what the coach and the client read, in the unit measured
    kind: str
    field: str = ""  # contract path measured; "" for the log
    target: Fraction | None = None
    other: str = ""  # the other side's path (WITHIN, SHARE)
    next_day: Fraction | None = None  # LOG_PAIN: the next-day ceiling, if any
    days: int = 7  # LOG_PAIN: the window before the session


@dataclass(frozen=True, slots=True)
class CriterionStatus:
    criterion: Criterion
    status: str  # MET | NOT_YET | NOT_MEASURED


@dataclass(frozen=True, slots=True)
class PhaseGate:
    current: int
    next: int
    weeks_passed: bool
    days_in_phase: int | None
    unmet: tuple[str, ...]  # texts of the current phase's criteria not met yet


def _one_decimal(value: Fraction) -> str:
    return shown_number(float(value))


def _unit_of(finding: Finding, side: str) -> str:
    for item in finding.evidence:
        if item.field == f"dorsiflexion.{side}_deg":
            return "deg"
        if item.field == f"dorsiflexion.{side}_cm":
            return "cm"
    return "cm"


def _value_of(finding: Finding, path: str) -> Fraction | None:
    for item in finding.evidence:
        if item.field == path and not isinstance(item.value, bool | str):
            return exact_number(item.value)
    return None


_UNIT_WORDS = {"cm": "cm", "deg": "degrees"}
_OTHER = {"left": "right", "right": "left"}


def _ankle(finding: Finding, side: str, phase: int) -> Criterion:
    unit = _unit_of(finding, side)
    path = f"dorsiflexion.{side}_{unit}"
    goal = threshold(f"ktw_restricted_{unit}")
    mdc = threshold(f"mdc_ktw_{unit}")
    words = _UNIT_WORDS[unit]
    now = _value_of(finding, path)
    # A target stated to one decimal is the target judged: rounded up, never down.
    target = Fraction(math.ceil((now + mdc) * 10), 10) if now is not None else None
    if phase == 1 and target is not None and now is not None and target < goal:
        # Restore asks for a real change first: at least the published MDC.
        return Criterion(
            text=(
                f"{side} knee-to-wall >= {_one_decimal(target)} {words} "
                f"(up from {_one_decimal(now)} {words} by more than the "
                f"{_one_decimal(mdc)} {words} measurement error)"
            ),
            kind=AT_LEAST,
            field=path,
            target=target,
        )
    return Criterion(
        text=f"{side} knee-to-wall >= {shown_number(goal)} {words}",
        kind=AT_LEAST,
        field=path,
        target=goal,
    )


def finding_criteria(finding: Finding, phase: int) -> tuple[Criterion, ...]:
    """Measurable exit criteria for one finding in one phase, in the unit it was measured in."""
    side = finding.side if finding.side in ("left", "right") else None
    sides = (side,) if side else ("left", "right")
    code = finding.code
    if code == "ankle_dorsiflexion_restricted":
        return tuple(_ankle(finding, one, phase) for one in sides)
    if code == "dorsiflexion_asymmetry":
        lower = side or "left"
        unit = _unit_of(finding, lower)
        limit = threshold(f"ktw_asymmetry_{unit}")
        return (
            Criterion(
                text=f"{side or 'lower'} knee-to-wall within {shown_number(limit)} {_UNIT_WORDS[unit]} of the {_OTHER.get(side or '', 'other side')}",
                kind=WITHIN,
                field=f"dorsiflexion.{lower}_{unit}",
                other=f"dorsiflexion.{_OTHER[lower]}_{unit}",
                target=limit,
            ),
        )
    if code == "knee_valgus":
        on_step_down = any(
            e.field.startswith("hip.step_down") for e in finding.evidence
        )
        task, path = (
            ("step-down", "hip.step_down_valgus")
            if on_step_down
            else ("squat", "squat.knees_cave")
        )
        return tuple(
            Criterion(f"no knee valgus on the {one} {task}", ABSENT, f"{path}.{one}")
            for one in sides
        )
    if code == "poor_single_leg_balance":
        return tuple(
            Criterion(
                f"single-leg stance >= {shown_number(threshold('stance_poor'))} s on the {one}",
                AT_LEAST,
                f"hip.single_leg_stance_s.{one}",
                threshold("stance_poor"),
            )
            for one in sides
        )
    if code == "hip_abductor_weakness":
        if any(
            e.field.startswith("hip.abduction_dynamometer") for e in finding.evidence
        ):
            return tuple(
                Criterion(
                    f"{one} hip abduction strength within {share_words(threshold('dynamometer_asymmetry'))} of the {_OTHER[one]}",
                    SHARE,
                    f"hip.abduction_dynamometer.{one}",
                    threshold("dynamometer_asymmetry"),
                    other=f"hip.abduction_dynamometer.{_OTHER[one]}",
                )
                for one in sides
            )
        return tuple(
            Criterion(
                f"{one} hip abduction grade >= {threshold('mmt_weak') + 1}/5",
                AT_LEAST,
                f"hip.abduction_mmt.{one}",
                threshold("mmt_weak") + 1,
            )
            for one in sides
        )
    if code == "anterior_knee_pain":
        return (
            Criterion(
                "knee pain <= 2/10 during the squat",
                AT_MOST,
                "pain.knee_nrs",
                threshold("ladder_up_knee_pain"),
            ),
        )
    if code == "foot_collapse":
        return tuple(
            Criterion(
                f"{one} arch holds without collapsing inward in the squat",
                ABSENT,
                f"squat.arch_collapse.{one}",
            )
            for one in sides
        )
    flags = {
        "heel_rise": (
            "heels stay down in a flat-foot bodyweight squat",
            "squat.heels_rise",
        ),
        "forward_lean": (
            "chest stays tall in the bodyweight squat",
            "squat.forward_lean",
        ),
        "feet_turn_out": (
            "feet stay pointing forward in the squat",
            "squat.feet_turn_out",
        ),
        "low_back_arch": ("no low back arch in the squat", "squat.low_back_arch"),
        "quad_dominance": (
            "glutes felt working in the single-leg bridge",
            "hip.quad_dominant",
        ),
    }
    if code in flags:
        text, path = flags[code]
        return (Criterion(text, ABSENT, path),)
    return ()


def _log_criterion(phase: int, *, loading: bool) -> Criterion:
    if phase == 3:
        kind = "loaded drills" if loading else "drills"
        acceptable = Fraction(PAIN_MONITORING.acceptable)
        return Criterion(
            f"pain during the {kind} <= {acceptable}/10 and settled by the next day",
            LOG_PAIN,
            target=acceptable,
            next_day=acceptable,
        )
    limit, days = threshold("exit_log_pain", 0), int(threshold("exit_log_pain", 1))
    return Criterion(
        f"knee pain during the drills <= {limit}/10 over the last {days} days",
        LOG_PAIN,
        target=limit,
        days=days,
    )


def phase_criteria(
    *,
    findings: Sequence[Finding],
    phase_number: int,
    pain_rising: bool = False,
    loading: bool = True,
) -> tuple[Criterion, ...]:
    """Every exit criterion of one phase, once each, in the findings' order, the log's last."""
    criteria: dict[str, Criterion] = {}
    for finding in findings:
        for criterion in finding_criteria(finding, phase_number):
            criteria.setdefault(criterion.text, criterion)
    if pain_rising:
        rising = Criterion(
            "knee pain no longer rising from session to session",
            AT_MOST,
            "pain.knee_nrs",
            threshold("ladder_up_knee_pain"),
        )
        criteria.setdefault(rising.text, rising)
    log = _log_criterion(phase_number, loading=loading)
    criteria.setdefault(log.text, log)
    return tuple(criteria.values())


def _log_status(criterion: Criterion, log: Sequence[LogEntry], on: date | None) -> str:
    if on is None:
        return NOT_MEASURED
    since = on - timedelta(days=criterion.days)
    window = [entry for entry in log if since < entry.on <= on]
    during = [e.pain_during for e in window if e.pain_during is not None]
    after = [e.pain_next_day for e in window if e.pain_next_day is not None]
    if not during and not after:
        return NOT_MEASURED
    ok = (criterion.target is None or all(p <= criterion.target for p in during)) and (
        criterion.next_day is None or all(p <= criterion.next_day for p in after)
    )
    return MET if ok else NOT_YET


def criterion_status(
    *, criterion: Criterion, session: SessionInput, log: Sequence[LogEntry] = ()
) -> str:
    """ "met", "not_yet" or "not_measured" for one criterion against a re-test and the log."""
    if criterion.kind == LOG_PAIN:
        return _log_status(criterion, log, session.assessed_on)
    raw = measure_value(session, criterion.field)
    if criterion.kind == ABSENT:
        if raw is None:
            return NOT_MEASURED
        return MET if raw is False else NOT_YET
    value = exact_number(raw)
    if value is None:
        return NOT_MEASURED
    target = criterion.target if criterion.target is not None else Fraction(0)
    if criterion.kind == AT_LEAST:
        return MET if value >= target else NOT_YET
    if criterion.kind == AT_MOST:
        return MET if value <= target else NOT_YET
    other = exact_number(measure_value(session, criterion.other))
    if other is None:
        return NOT_MEASURED
    if criterion.kind == WITHIN:
        return MET if abs(value - other) < target else NOT_YET
    return MET if value >= target * other else NOT_YET  # SHARE


def criteria_status(
    *,
    criteria: Sequence[Criterion],
    session: SessionInput,
    log: Sequence[LogEntry] = (),
) -> tuple[CriterionStatus, ...]:
    """Each criterion with met / not yet / not measured, in order (what the app shows)."""
    return tuple(
        CriterionStatus(
            criterion, criterion_status(criterion=criterion, session=session, log=log)
        )
        for criterion in criteria
    )


def phase_gate(
    *,
    current: int,
    weeks: int,
    started_on: date,
    assessed_on: date | None,
    statuses: Sequence[CriterionStatus],
    last_phase: int = 3,
) -> PhaseGate:
    """Move on only when the phase's weeks have passed and every criterion is met.

    Weeks passed: the days from the day the phase began to the session are at
    least 7 x the phase's weeks (CLINICAL.md section 11).
    """
    days = None if assessed_on is None else (assessed_on - started_on).days
    passed = days is not None and days >= int(threshold("phase_weeks")) * weeks
    unmet = tuple(s.criterion.text for s in statuses if s.status != MET)
    move_on = passed and not unmet and current < last_phase
    return PhaseGate(
        current=current,
        next=current + 1 if move_on else current,
        weeks_passed=passed,
        days_in_phase=days,
        unmet=unmet,
    )

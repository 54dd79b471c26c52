"""Which measure moves each ladder, and how (CLINICAL.md section 11), as data beside the rule table.

Pure: no Django and no app imports but the findings core. A ladder moves one rung
up only by its "up only when" column, one rung down by its "down when" column or
the pain rule, and otherwise holds; never two rungs. The reasons are plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from assessments.core.rules import exact_number, threshold
from assessments.core.types import Change, Finding, SessionInput
from assessments.core.wording import amount
from programs.progression.pain_rule import LadderPain
from programs.progression.rules import describe_change


@dataclass(frozen=True, slots=True)
class Governance:
    """One row of CLINICAL.md section 11's table."""

    ladder: str
    governed_by: str
    up_when: str
    down_when: str
    source: str = "project-default"


# fmt: off
GOVERNANCE: dict[str, Governance] = {
    row.ladder: row
    for row in (
        Governance("ankle", "knee-to-wall, that side", "improved by >= MDC (1.9 cm / 4.7 deg), same method and footwear", "worse by >= MDC, or the pain rule", "powden-2015"),
        Governance("knee_control", "step-down valgus, that side", "no step-down valgus on that side and knee pain <= 2/10", "pain rule; new anterior knee pain"),
        Governance("hip_abductors", "abduction grade (or dynamometer symmetry), that side", "grade up >= 1 (or symmetry now >= 90 %) and no knee valgus on that side", "grade down >= 1; pain rule"),
        Governance("balance", "single-leg stance, that side", "stance >= 10 s on that side", "pain rule", "araujo-2022"),
        Governance("squat", "heel rise, forward lean, anterior knee pain", "heel rise and forward lean gone, no anterior knee pain", "new anterior knee pain; pain rule"),
        Governance("knee_pain", "knee pain, anterior knee pain", "pain <= 2/10 and no anterior knee pain", "pain up by >= 2"),
        Governance("glute_max", "quad dominance, low back arch", "both gone", "pain rule"),
        Governance("foot", "arch collapse, that side", "gone on that side", "pain rule"),
    )
}
# fmt: on

# Ladders outside the table hold (or step down by the pain rule): they have no
# re-test measure of their own.
NO_MEASURE = "this ladder has no re-test measure of its own"


@dataclass(frozen=True, slots=True)
class Reassessment:
    """What a re-assessment knows when it moves the ladders."""

    session: SessionInput
    findings: tuple[Finding, ...]
    previous_codes: frozenset[str] | None = None  # None: no previous session
    changes: tuple[Change, ...] = ()
    pain_rising: bool = False  # knee pain up >= 2 points since the last session
    log_pain: Mapping[str, LadderPain] = field(default_factory=dict)
    log_stop: bool = False  # an entry of 7/10 or more: no ladder moves up


@dataclass(frozen=True, slots=True)
class Move:
    step: int  # -1, 0 or +1
    reasons: tuple[str, ...]


def _side_value(session: SessionInput, section: str, name: str, side: str) -> object:
    return getattr(getattr(getattr(session, section), name), side)


def _knee_pain_ok(state: Reassessment) -> tuple[bool, str]:
    pain = exact_number(state.session.knee_pain_nrs)
    limit = threshold("ladder_up_knee_pain")
    if pain is None:
        return False, "knee pain was not rated"
    shown = state.session.knee_pain_nrs
    if pain <= limit:
        return True, f"knee pain {shown}/10"
    return False, f"knee pain {shown}/10, above {int(limit)}/10"


def _new_anterior_knee_pain(state: Reassessment) -> list[str]:
    now = any(f.code == "anterior_knee_pain" for f in state.findings)
    before = state.previous_codes
    if now and before is not None and "anterior_knee_pain" not in before:
        return ["new pain at the front of the knee"]
    return []


def _change(state: Reassessment, path: str) -> Change | None:
    return next((c for c in state.changes if c.field == path), None)


def _ankle(
    sides: Sequence[str], state: Reassessment
) -> tuple[bool, list[str], list[str]]:
    ups, holds, downs = [], [], []
    for side in sides:
        found = [
            c
            for unit in ("cm", "deg")
            if (c := _change(state, f"dorsiflexion.{side}_{unit}")) is not None
        ]
        if not found:
            holds.append(f"no {side} knee-to-wall re-test to compare")
            continue
        change = found[0]
        words = describe_change(change)
        if change.verdict == "worse":
            downs.append(words)
        elif change.verdict == "improved":
            ups.append(words)
        else:
            holds.append(words)
    return not holds and bool(ups), ups + holds, downs


def _no_step_down_valgus(side: str, state: Reassessment) -> tuple[bool, str]:
    valgus = _side_value(state.session, "hip", "step_down_valgus", side)
    if valgus is True:
        return False, f"the {side} knee still dives in on the step-down"
    if valgus is None:
        return False, f"the {side} step-down was not re-tested"
    return True, f"no knee dive on the {side} step-down"


def _knee_control(
    sides: Sequence[str], state: Reassessment
) -> tuple[bool, list[str], list[str]]:
    results = [_no_step_down_valgus(side, state) for side in sides]
    pain_ok, pain_words = _knee_pain_ok(state)
    words = [w for _, w in results] + [pain_words]
    return (
        all(ok for ok, _ in results) and pain_ok,
        words,
        _new_anterior_knee_pain(state),
    )


def _knee_caves(side: str, state: Reassessment) -> bool:
    return (
        _side_value(state.session, "squat", "knees_cave", side) is True
        or _side_value(state.session, "hip", "step_down_valgus", side) is True
    )


def _grade_words(change: Change, side: str) -> str:
    direction = "up" if (change.delta or 0) > 0 else "down"
    grades = abs(int(change.delta or 0))
    amount = "one grade" if grades == 1 else f"{grades} grades"
    return f"{side} hip abduction {direction} {amount} ({change.before} to {change.after} of 5)"


def _symmetry(side: str, state: Reassessment) -> bool:
    per_side = state.session.hip.abduction_dynamometer
    other = "right" if side == "left" else "left"
    mine, theirs = exact_number(per_side.get(side)), exact_number(per_side.get(other))
    if mine is None or theirs is None or theirs == 0:
        return False
    return mine >= threshold("dynamometer_asymmetry") * theirs


def _hip_abductors(
    sides: Sequence[str], state: Reassessment
) -> tuple[bool, list[str], list[str]]:
    words, downs = [], []
    up = True
    for side in sides:
        change = _change(state, f"hip.abduction_mmt.{side}")
        grade_up = change is not None and change.verdict == "improved"
        if change is not None and change.verdict == "worse":
            downs.append(_grade_words(change, side))
        if grade_up and change is not None:
            words.append(_grade_words(change, side))
        elif _symmetry(side, state):
            words.append(
                f"{side} hip abduction strength now 90 % or more of the other side"
            )
        else:
            up = False
            words.append(
                f"{side} hip abduction grade unchanged"
                if change is not None
                else f"no {side} hip abduction re-test to compare"
            )
        if _knee_caves(side, state):
            up = False
            words.append(f"the {side} knee still caves in")
    return up, words, downs


def _balance(
    sides: Sequence[str], state: Reassessment
) -> tuple[bool, list[str], list[str]]:
    words, up = [], True
    goal = amount(threshold("stance_poor"), "s")
    for side in sides:
        raw = state.session.hip.single_leg_stance_s.get(side)
        value = exact_number(raw)
        if raw is None or value is None:
            up = False
            words.append(f"{side} single-leg stance was not re-tested")
        elif value >= threshold("stance_poor"):
            words.append(f"{side} single-leg stance {amount(raw, 's')}, {goal} or more")
        else:
            up = False
            words.append(f"{side} single-leg stance {amount(raw, 's')}, under {goal}")
    return up, words, []


def _gone(value: object, label: str) -> tuple[bool, str]:
    if value is True:
        return False, f"{label} still seen"
    if value is None:
        return False, f"{label} was not re-checked"
    return True, f"{label} gone"


def _squat(
    sides: Sequence[str], state: Reassessment
) -> tuple[bool, list[str], list[str]]:
    squat = state.session.squat
    checks = [
        _gone(squat.heels_rise, "heels rising"),
        _gone(squat.forward_lean, "forward lean"),
        _gone(squat.anterior_knee_pain, "pain at the front of the knee"),
    ]
    return (
        all(ok for ok, _ in checks),
        [w for _, w in checks],
        _new_anterior_knee_pain(state),
    )


def _knee_pain(
    sides: Sequence[str], state: Reassessment
) -> tuple[bool, list[str], list[str]]:
    pain_ok, words = _knee_pain_ok(state)
    front = any(f.code == "anterior_knee_pain" for f in state.findings)
    up = pain_ok and not front
    reasons = [words] + (
        ["pain at the front of the knee is still there"] if front else []
    )
    return up, reasons, []


def _glute_max(
    sides: Sequence[str], state: Reassessment
) -> tuple[bool, list[str], list[str]]:
    checks = [
        _gone(state.session.hip.quad_dominant, "thighs working more than the glutes"),
        _gone(state.session.squat.low_back_arch, "low back arch"),
    ]
    return all(ok for ok, _ in checks), [w for _, w in checks], []


def _foot(
    sides: Sequence[str], state: Reassessment
) -> tuple[bool, list[str], list[str]]:
    checks = [
        _gone(state.session.squat.arch_collapse.get(side), f"{side} arch collapsing")
        for side in sides
    ]
    return all(ok for ok, _ in checks), [w for _, w in checks], []


# ladder -> (up?, words, down words) for the sides it serves.
_RULES: dict[
    str, Callable[[Sequence[str], Reassessment], tuple[bool, list[str], list[str]]]
] = {
    "ankle": _ankle,
    "knee_control": _knee_control,
    "hip_abductors": _hip_abductors,
    "balance": _balance,
    "squat": _squat,
    "knee_pain": _knee_pain,
    "glute_max": _glute_max,
    "foot": _foot,
}


def ladder_move(*, ladder: str, sides: Collection[str], state: Reassessment) -> Move:
    """One rung up, hold or one rung down for a ladder on the sides it serves.

    Down wins: the pain rule from the log, knee pain rising since the last
    session, or the ladder's own "down when" column on any side. Up only by the
    "up only when" column on every side, and never after a log entry of 7/10
    or more. Otherwise hold, saying why.
    """
    ordered = [side for side in ("left", "right") if side in sides] or ["left", "right"]
    pain = state.log_pain.get(ladder)
    if pain is not None and pain.step_down:
        return Move(-1, pain.reasons)
    if state.pain_rising:
        return Move(
            -1, ("knee pain is rising: up 2 points or more since the last session",)
        )
    rule = _RULES.get(ladder)
    if rule is None:
        return Move(0, (NO_MEASURE,))
    up, words, downs = rule(ordered, state)
    if downs:
        return Move(-1, tuple(dict.fromkeys(downs)))
    if up and state.log_stop:
        return Move(0, (*words, "no ladder moves up after knee pain of 7/10 or more"))
    return Move(1 if up else 0, tuple(dict.fromkeys(words)))

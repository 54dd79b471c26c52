"""The JSON findings contract of DESIGN.md: parse a request, shape a result.

Pure like findings.py: no Django and no app imports. The progression
dataclasses live in programs (which imports assessments, never the reverse),
so result_to_json reads phases and drills through the small protocols below.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from assessments.findings import (
    FOOTWEAR,
    METHODS,
    RED_FLAGS,
    Change,
    Dorsiflexion,
    FindingsResult,
    Hip,
    PerSide,
    SessionInput,
    Squat,
)

NOTES_MAX_CHARS = 2000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ContractError(ValueError):
    """Bad input: one line per problem, each `field.path: rule`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class AssessRequest:
    session: SessionInput
    previous: SessionInput | None = None


class _Problems:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: str, rule: str) -> None:
        self.lines.append(f"{path}: {rule}")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _section(
    value: object, path: str, allowed: Sequence[str], problems: _Problems
) -> Mapping[str, Any]:
    """An object with only `allowed` keys; None and bad types read as empty."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.add(path or "(document)", "must be an object")
        return {}
    for key in value:
        if key not in allowed:
            problems.add(_join(path, str(key)), "unknown key")
    return value


def _number(
    value: object, path: str, low: float, high: float, problems: _Problems
) -> float | None:
    if value is None:
        return None
    # int first: math.isfinite overflows on huge JSON integers.
    usable = isinstance(value, int) or (
        isinstance(value, float) and math.isfinite(value)
    )
    if isinstance(value, bool) or not usable:
        problems.add(path, f"must be a number between {low:g} and {high:g}")
        return None
    if not low <= value <= high:
        problems.add(path, f"must be between {low:g} and {high:g}")
        return None
    return float(value)


def _whole(
    value: object, path: str, low: int, high: int, problems: _Problems
) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(path, f"must be a whole number between {low} and {high}")
        return None
    if not low <= value <= high:
        problems.add(path, f"must be between {low} and {high}")
        return None
    return value


def _flag(value: object, path: str, problems: _Problems) -> bool | None:
    # JSON true/false only: 0/1 or "yes" are typing mistakes worth reporting.
    if value is None or isinstance(value, bool):
        return value
    problems.add(path, "must be true or false")
    return None


def _choice(
    value: object, path: str, choices: Sequence[str], problems: _Problems
) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in choices:
        problems.add(path, f"must be one of {', '.join(choices)}")
        return None
    return value


def _text(value: object, path: str, problems: _Problems) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.add(path, "must be a string")
        return ""
    if len(value) > NOTES_MAX_CHARS:
        problems.add(path, f"must be at most {NOTES_MAX_CHARS} characters")
        return ""
    if "\x00" in value:
        # PostgreSQL text columns reject NUL.
        problems.add(path, "must not contain NUL characters")
        return ""
    return value


def _day(value: object, path: str, problems: _Problems) -> date | None:
    if value is None:
        return None
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(path, "must be a date as YYYY-MM-DD")
    return None


def _per_side[T](
    value: object,
    path: str,
    problems: _Problems,
    read: Callable[[object, str, _Problems], T | None],
) -> PerSide[T]:
    sides = _section(value, path, ("left", "right"), problems)
    return PerSide(
        left=read(sides.get("left"), f"{path}.left", problems),
        right=read(sides.get("right"), f"{path}.right", problems),
    )


def _dorsiflexion(value: object, path: str, problems: _Problems) -> Dorsiflexion:
    section = _section(
        value,
        path,
        ("left_cm", "right_cm", "left_deg", "right_deg", "method", "footwear"),
        problems,
    )
    return Dorsiflexion(
        left_cm=_number(section.get("left_cm"), f"{path}.left_cm", 0, 30, problems),
        right_cm=_number(section.get("right_cm"), f"{path}.right_cm", 0, 30, problems),
        left_deg=_number(section.get("left_deg"), f"{path}.left_deg", 0, 90, problems),
        right_deg=_number(
            section.get("right_deg"), f"{path}.right_deg", 0, 90, problems
        ),
        method=_choice(section.get("method"), f"{path}.method", METHODS, problems),
        footwear=_choice(
            section.get("footwear"), f"{path}.footwear", FOOTWEAR, problems
        ),
    )


_SQUAT_FLAGS = (
    "heels_rise",
    "forward_lean",
    "feet_turn_out",
    "low_back_arch",
    "anterior_knee_pain",
)


def _squat(value: object, path: str, problems: _Problems) -> Squat:
    section = _section(
        value, path, (*_SQUAT_FLAGS, "knees_cave", "arch_collapse"), problems
    )
    flags = {
        name: _flag(section.get(name), f"{path}.{name}", problems)
        for name in _SQUAT_FLAGS
    }
    return Squat(
        knees_cave=_per_side(
            section.get("knees_cave"), f"{path}.knees_cave", problems, _flag
        ),
        arch_collapse=_per_side(
            section.get("arch_collapse"), f"{path}.arch_collapse", problems, _flag
        ),
        **flags,
    )


def _hip(value: object, path: str, problems: _Problems) -> Hip:
    section = _section(
        value,
        path,
        (
            "single_leg_stance_s",
            "step_down_valgus",
            "abduction_mmt",
            "abduction_dynamometer",
            "quad_dominant",
            "notes",
        ),
        problems,
    )

    def seconds(item: object, where: str, found: _Problems) -> float | None:
        return _number(item, where, 0, 600, found)

    def grade(item: object, where: str, found: _Problems) -> int | None:
        return _whole(item, where, 0, 5, found)

    def force(item: object, where: str, found: _Problems) -> float | None:
        return _number(item, where, 0, 1000, found)

    return Hip(
        single_leg_stance_s=_per_side(
            section.get("single_leg_stance_s"),
            f"{path}.single_leg_stance_s",
            problems,
            seconds,
        ),
        step_down_valgus=_per_side(
            section.get("step_down_valgus"), f"{path}.step_down_valgus", problems, _flag
        ),
        abduction_mmt=_per_side(
            section.get("abduction_mmt"), f"{path}.abduction_mmt", problems, grade
        ),
        abduction_dynamometer=_per_side(
            section.get("abduction_dynamometer"),
            f"{path}.abduction_dynamometer",
            problems,
            force,
        ),
        quad_dominant=_flag(
            section.get("quad_dominant"), f"{path}.quad_dominant", problems
        ),
        notes=_text(section.get("notes"), f"{path}.notes", problems),
    )


def _red_flags(value: object, path: str, problems: _Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(path, "must be a list")
        return ()
    flags: list[str] = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        flag = _choice(item, where, RED_FLAGS, problems)
        if flag is None:
            continue
        if flag in flags:
            problems.add(where, "listed twice")
            continue
        flags.append(flag)
    return tuple(flags)


_SESSION_KEYS = (
    "assessed_on",
    "client",
    "dorsiflexion",
    "squat",
    "hip",
    "pain",
    "red_flags",
)


def _session(
    value: object, path: str, problems: _Problems, *, allow_previous: bool
) -> SessionInput:
    keys = (*_SESSION_KEYS, "previous") if allow_previous else _SESSION_KEYS
    section = _section(value, path, keys, problems)
    client = _section(section.get("client"), _join(path, "client"), ("age",), problems)
    pain = _section(section.get("pain"), _join(path, "pain"), ("knee_nrs",), problems)
    return SessionInput(
        assessed_on=_day(
            section.get("assessed_on"), _join(path, "assessed_on"), problems
        ),
        age=_whole(client.get("age"), _join(path, "client.age"), 0, 120, problems),
        dorsiflexion=_dorsiflexion(
            section.get("dorsiflexion"), _join(path, "dorsiflexion"), problems
        ),
        squat=_squat(section.get("squat"), _join(path, "squat"), problems),
        hip=_hip(section.get("hip"), _join(path, "hip"), problems),
        knee_pain_nrs=_whole(
            pain.get("knee_nrs"), _join(path, "pain.knee_nrs"), 0, 10, problems
        ),
        red_flags=_red_flags(
            section.get("red_flags"), _join(path, "red_flags"), problems
        ),
    )


def parse_session(data: object) -> SessionInput:
    """One session (no `previous` section), or ContractError listing every problem."""
    problems = _Problems()
    session = _session(data, "", problems, allow_previous=False)
    if problems.lines:
        raise ContractError(problems.lines)
    return session


def parse_request(data: object) -> AssessRequest:
    """A session with its optional `previous` session, or ContractError."""
    problems = _Problems()
    session = _session(data, "", problems, allow_previous=True)
    previous = None
    if isinstance(data, Mapping) and data.get("previous") is not None:
        previous = _session(
            data["previous"], "previous", problems, allow_previous=False
        )
    if problems.lines:
        raise ContractError(problems.lines)
    return AssessRequest(session=session, previous=previous)


# --- Output -------------------------------------------------------------------------


class DrillLike(Protocol):
    """What result_to_json reads of programs.progression.PrescribedDrill."""

    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def purpose(self) -> str: ...
    @property
    def loaded(self) -> bool: ...
    @property
    def side(self) -> str | None: ...
    @property
    def sets(self) -> int: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def seconds(self) -> int | None: ...
    @property
    def tempo(self) -> str | None: ...
    @property
    def reasons(self) -> Sequence[str]: ...
    @property
    def cues(self) -> Sequence[str]: ...


class PhaseLike(Protocol):
    """What result_to_json reads of programs.progression.Phase."""

    @property
    def number(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def weeks(self) -> int: ...
    @property
    def exit_criteria(self) -> Sequence[str]: ...
    @property
    def drills(self) -> Sequence[Any]: ...


def _drill_to_json(drill: DrillLike) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "slug": drill.slug,
        "name": drill.name,
        "region": drill.region,
        "purpose": drill.purpose,
        "loaded": drill.loaded,
        "side": drill.side,
        "sets": drill.sets,
        "reps": drill.reps,
        "seconds": drill.seconds,
        "tempo": drill.tempo,
        "reasons": list(drill.reasons),
        "cues": list(drill.cues),
    }
    # A re-assessment says how each ladder moved; a first program has no move.
    move = getattr(drill, "move", None)
    if move is not None:
        shaped["move"] = move
        shaped["move_reason"] = getattr(drill, "move_reason", "")
    return shaped


def _phase_to_json(phase: PhaseLike) -> dict[str, Any]:
    return {
        "phase": phase.number,
        "name": phase.name,
        "weeks": phase.weeks,
        "exit_criteria": list(phase.exit_criteria),
        "drills": [_drill_to_json(drill) for drill in phase.drills],
    }


def change_to_json(change: Change) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "field": change.field,
        "from": change.before,
        "to": change.after,
        "delta": change.delta,
        "mdc": change.mdc,
        "verdict": change.verdict,
    }
    if change.verdict == "not_comparable":
        shaped["note"] = change.note
    return shaped


def result_to_json(
    *,
    findings: FindingsResult,
    progression: Sequence[PhaseLike],
    changes: Sequence[Change],
) -> dict[str, Any]:
    """The output document of DESIGN.md, ready for json.dumps."""
    return {
        "findings": [
            {
                "code": finding.code,
                "side": finding.side,
                "severity": finding.severity,
                "evidence": [
                    {
                        "field": item.field,
                        "value": item.value,
                        "rule": item.rule,
                        "source": item.source,
                    }
                    for item in finding.evidence
                ],
                "summary": finding.summary,
            }
            for finding in findings.findings
        ],
        "refer_out": findings.refer_out,
        "progression": [_phase_to_json(phase) for phase in progression],
        "changes": [change_to_json(change) for change in changes],
    }

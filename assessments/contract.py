"""The JSON findings contract of DESIGN.md, input side: parse and check a request.

Pure like findings.py: no Django and no app imports. Every problem is collected,
one `field.path: rule` line each. The output side is assessments/contract_output.py.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from assessments.core_types import (
    CONTRAINDICATION_CODES,
    DYNAMOMETER_UNITS,
    Clearance,
    CurrentProgram,
    LogEntry,
)
from assessments.findings import (
    FOOTWEAR,
    METHODS,
    RED_FLAGS,
    Dorsiflexion,
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
    # Contract version 2: the client's contraindication codes and a clearance.
    contraindications: tuple[str, ...] = ()
    clearance: Clearance | None = None
    # Where the client is now, and the pain they logged per drill.
    current_program: CurrentProgram | None = None
    log: tuple[LogEntry, ...] = ()


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
            "abduction_dynamometer_unit",
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
        abduction_dynamometer_unit=_choice(
            section.get("abduction_dynamometer_unit"),
            f"{path}.abduction_dynamometer_unit",
            DYNAMOMETER_UNITS,
            problems,
        ),
        quad_dominant=_flag(
            section.get("quad_dominant"), f"{path}.quad_dominant", problems
        ),
        notes=_text(section.get("notes"), f"{path}.notes", problems),
    )


def _choices(
    value: object, path: str, choices: Sequence[str], problems: _Problems
) -> tuple[str, ...]:
    """A list of distinct words of one vocabulary, in the order given."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(path, "must be a list")
        return ()
    picked: list[str] = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        word = _choice(item, where, choices, problems)
        if word is None:
            continue
        if word in picked:
            problems.add(where, "listed twice")
            continue
        picked.append(word)
    return tuple(picked)


def _red_flags(value: object, path: str, problems: _Problems) -> tuple[str, ...]:
    return _choices(value, path, RED_FLAGS, problems)


def _clearance(value: object, path: str, problems: _Problems) -> Clearance | None:
    if value is None:
        return None
    section = _section(value, path, ("cleared_on", "by", "restrictions"), problems)
    if not isinstance(value, Mapping):
        return None
    if section.get("cleared_on") is None:
        problems.add(f"{path}.cleared_on", "is required: a date as YYYY-MM-DD")
    cleared_on = _day(section.get("cleared_on"), f"{path}.cleared_on", problems)
    by = _text(section.get("by"), f"{path}.by", problems)
    restrictions = _choices(
        section.get("restrictions"),
        f"{path}.restrictions",
        CONTRAINDICATION_CODES,
        problems,
    )
    if cleared_on is None:
        return None
    return Clearance(cleared_on=cleared_on, by=by, restrictions=restrictions)


_SESSION_KEYS = (
    "assessed_on",
    "client",
    "dorsiflexion",
    "squat",
    "hip",
    "pain",
    "red_flags",
)


# Only the top level of a request: the previous session carries none of them.
_REQUEST_KEYS = ("previous", "clearance", "current_program", "log")
_REQUEST_CLIENT_KEYS = ("contraindications",)


def _session(
    value: object, path: str, problems: _Problems, *, allow_previous: bool
) -> SessionInput:
    """One session; `allow_previous` marks the top level of a request (its extra keys too)."""
    keys = (*_SESSION_KEYS, *_REQUEST_KEYS) if allow_previous else _SESSION_KEYS
    client_keys = ("age", *_REQUEST_CLIENT_KEYS) if allow_previous else ("age",)
    section = _section(value, path, keys, problems)
    client = _section(
        section.get("client"), _join(path, "client"), client_keys, problems
    )
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


class _Duplicates(dict):
    """A JSON object that remembers the keys it saw twice."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> _Duplicates:
    seen = _Duplicates()
    seen.duplicates = []
    for key, value in pairs:
        if key in seen and key not in seen.duplicates:
            seen.duplicates.append(key)
        seen[key] = value
    return seen


def _duplicate_paths(value: object, path: str) -> list[str]:
    found: list[str] = []
    if isinstance(value, _Duplicates):
        found.extend(_join(path, key) for key in value.duplicates)
        for key, item in value.items():
            found.extend(_duplicate_paths(item, _join(path, str(key))))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_duplicate_paths(item, f"{path}[{index}]"))
    return found


def load_document(text: str) -> object:
    """JSON text to Python, or ContractError: malformed JSON, or a key given twice.

    json.loads keeps the last of two equal keys silently; a contract must not
    guess which one the caller meant.
    """
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as error:
        raise ContractError(
            [
                f"$: malformed JSON at line {error.lineno} column {error.colno} ({error.msg})"
            ]
        ) from None
    except RecursionError:
        raise ContractError(["$: nested too deeply"]) from None
    duplicates = _duplicate_paths(data, "")
    if duplicates:
        raise ContractError([f"{path}: duplicate key" for path in duplicates])
    return data


def _pain(value: object, path: str, problems: _Problems) -> int | None:
    return _whole(value, path, 0, 10, problems)


def _current_program(
    value: object,
    path: str,
    problems: _Problems,
    library: Mapping[str, str] | None,
) -> CurrentProgram | None:
    if value is None:
        return None
    section = _section(value, path, ("phase", "started_on", "rungs"), problems)
    if not isinstance(value, Mapping):
        return None
    for required in ("phase", "started_on"):
        if section.get(required) is None:
            problems.add(f"{path}.{required}", "is required")
    phase = _whole(section.get("phase"), f"{path}.phase", 1, 3, problems)
    started_on = _day(section.get("started_on"), f"{path}.started_on", problems)
    rungs_value = section.get("rungs")
    rungs: list[tuple[str, str]] = []
    if rungs_value is not None and not isinstance(rungs_value, Mapping):
        problems.add(f"{path}.rungs", "must be an object of ladder: drill slug")
    elif rungs_value is not None:
        ladders = set(library.values()) if library is not None else None
        for ladder, slug in rungs_value.items():
            where = f"{path}.rungs.{ladder}"
            if not isinstance(slug, str) or not slug:
                problems.add(where, "must be a drill slug")
                continue
            if ladders is not None and ladder not in ladders:
                problems.add(where, "unknown ladder: not a ladder of the drill library")
                continue
            if library is not None and slug not in library:
                problems.add(where, f"{slug} is not a drill of the library")
                continue
            if library is not None and library[slug] != ladder:
                problems.add(where, f"{slug} is not on the {ladder} ladder")
                continue
            rungs.append((str(ladder), slug))
    if phase is None or started_on is None:
        return None
    return CurrentProgram(
        phase=phase, started_on=started_on, rungs=tuple(sorted(rungs))
    )


def _log(
    value: object,
    path: str,
    problems: _Problems,
    library: Mapping[str, str] | None,
) -> tuple[LogEntry, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(path, "must be a list")
        return ()
    entries: list[LogEntry] = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(item, Mapping):
            problems.add(where, "must be an object")
            continue
        entry = _section(
            item, where, ("date", "drill", "pain_during", "pain_next_day"), problems
        )
        if entry.get("date") is None:
            problems.add(f"{where}.date", "is required: a date as YYYY-MM-DD")
        on = _day(entry.get("date"), f"{where}.date", problems)
        drill = entry.get("drill")
        if not isinstance(drill, str) or not drill:
            problems.add(f"{where}.drill", "must be a drill slug")
            drill = None
        elif library is not None and drill not in library:
            problems.add(f"{where}.drill", f"{drill} is not a drill of the library")
            drill = None
        during = _pain(entry.get("pain_during"), f"{where}.pain_during", problems)
        next_day = _pain(entry.get("pain_next_day"), f"{where}.pain_next_day", problems)
        if on is not None and drill is not None:
            entries.append(
                LogEntry(on=on, drill=drill, pain_during=during, pain_next_day=next_day)
            )
    return tuple(entries)


def parse_request(
    data: object, *, library: Mapping[str, str] | None = None
) -> AssessRequest:
    """A session with its optional version 2 sections, or ContractError listing every problem.

    `library` maps each drill slug of the drill library to its ladder; with it,
    slugs in `current_program` and `log` are checked against the library.
    """
    problems = _Problems()
    if not isinstance(data, Mapping):
        raise ContractError(["(document): must be an object"])
    session = _session(data, "", problems, allow_previous=True)
    previous = None
    contraindications: tuple[str, ...] = ()
    if data.get("previous") is not None:
        previous = _session(
            data["previous"], "previous", problems, allow_previous=False
        )
        if (
            previous.assessed_on is not None
            and session.assessed_on is not None
            and previous.assessed_on > session.assessed_on
        ):
            problems.add(
                "previous.assessed_on",
                f"must be on or before assessed_on ({session.assessed_on.isoformat()})",
            )
    client = data.get("client")
    if isinstance(client, Mapping):
        contraindications = _choices(
            client.get("contraindications"),
            "client.contraindications",
            CONTRAINDICATION_CODES,
            problems,
        )
    clearance = _clearance(data.get("clearance"), "clearance", problems)
    current_program = _current_program(
        data.get("current_program"), "current_program", problems, library
    )
    log = _log(data.get("log"), "log", problems, library)
    if problems.lines:
        raise ContractError(problems.lines)
    return AssessRequest(
        session=session,
        previous=previous,
        contraindications=contraindications,
        clearance=clearance,
        current_program=current_program,
        log=log,
    )

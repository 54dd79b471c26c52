"""The JSON findings contract of DESIGN.md, input side: parse and check a request.

Pure like findings.py: no Django and no app imports. Every problem is collected,
one `field.path: rule` line each. The field readers are in contract_fields.py,
the document, current program and log in contract_program.py; the output side
is assessments/core/contract_output.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessments.core.contract_fields import (
    NOTES_MAX_CHARS,
    ContractError,
    _choice,
    _choices,
    _day,
    _flag,
    _join,
    _number,
    _per_side,
    _Problems,
    _section,
    _text,
    _whole,
)
from assessments.core.contract_program import (
    load_document,
    read_current_program,
    read_log,
)
from assessments.core.findings import (
    FOOTWEAR,
    METHODS,
    RED_FLAGS,
    Dorsiflexion,
    Hip,
    SessionInput,
    Squat,
)
from assessments.core.types import (
    CONTRAINDICATION_CODES,
    DYNAMOMETER_UNITS,
    Clearance,
    CurrentProgram,
    LogEntry,
)

# Re-exported: callers import the contract from here.
__all__ = [
    "NOTES_MAX_CHARS",
    "AssessRequest",
    "ContractError",
    "load_document",
    "parse_request",
    "parse_session",
]


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
    current_program = read_current_program(
        data.get("current_program"), "current_program", problems, library
    )
    log = read_log(data.get("log"), "log", problems, library)
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

"""The JSON findings contract's field readers, pure: each checks one value and names its path.

No Django and no app imports. Every problem is collected, one `field.path: rule`
line each (assessments/core/contract.py uses these for sessions, and
assessments/core/contract_program.py for the current program and the log).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from assessments.core.types import PerSide

NOTES_MAX_CHARS = 2000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ContractError(ValueError):
    """Bad input: one line per problem, each `field.path: rule`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    ):
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

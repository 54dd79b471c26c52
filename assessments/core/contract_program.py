"""The JSON findings contract, version 2 input: the document itself, the current program and the log.

Pure: no Django and no app imports. `load_document` refuses malformed JSON and a
key given twice; the readers check slugs against the drill library when given
one (slug -> ladder).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from assessments.core.contract_fields import (
    ContractError,
    _day,
    _join,
    _Problems,
    _section,
    _whole,
)
from assessments.core.types import CurrentProgram, LogEntry


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


def read_current_program(
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


def read_log(
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

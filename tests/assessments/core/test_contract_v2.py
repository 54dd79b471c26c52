"""Contract version 2, input side: current program, log, and the new kinds of bad input."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.core.contract import ContractError, load_document, parse_request
from assessments.core.types import CurrentProgram, LogEntry

LIBRARY = {
    "knee-to-wall-rocks": "ankle",
    "banded-ankle-distraction": "ankle",
    "lateral-step-down": "knee_control",
}
BASE = {"assessed_on": "2026-11-21"}


def problems_of(data: object) -> list[str]:
    with pytest.raises(ContractError) as caught:
        parse_request(data, library=LIBRARY)
    return caught.value.problems


def test_it_parses_the_current_program_and_the_log() -> None:
    request = parse_request(
        {
            **BASE,
            "current_program": {
                "phase": 2,
                "started_on": "2026-11-01",
                "rungs": {
                    "knee_control": "lateral-step-down",
                    "ankle": "knee-to-wall-rocks",
                },
            },
            "log": [
                {
                    "date": "2026-11-18",
                    "drill": "lateral-step-down",
                    "pain_during": 5,
                    "pain_next_day": 4,
                },
                {"date": "2026-11-19", "drill": "knee-to-wall-rocks"},
            ],
        },
        library=LIBRARY,
    )

    assert request.current_program == CurrentProgram(
        phase=2,
        started_on=date(2026, 11, 1),
        rungs=(("ankle", "knee-to-wall-rocks"), ("knee_control", "lateral-step-down")),
    )
    assert request.log == (
        LogEntry(date(2026, 11, 18), "lateral-step-down", 5, 4),
        LogEntry(date(2026, 11, 19), "knee-to-wall-rocks", None, None),
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "(document): must be an object"),
        ("text", "(document): must be an object"),
        (
            {**BASE, "previous": {"assessed_on": "2026-11-22"}},
            "previous.assessed_on: must be on or before assessed_on (2026-11-21)",
        ),
        (
            {**BASE, "current_program": {"phase": 4, "started_on": "2026-11-01"}},
            "current_program.phase: must be between 1 and 3",
        ),
        (
            {**BASE, "current_program": {"started_on": "2026-11-01"}},
            "current_program.phase: is required",
        ),
        (
            {**BASE, "current_program": {"phase": 1, "started_on": "1 Nov"}},
            "current_program.started_on: must be a date as YYYY-MM-DD",
        ),
        (
            {
                **BASE,
                "current_program": {
                    "phase": 1,
                    "started_on": "2026-11-01",
                    "rungs": {"ankle": "moon-walk"},
                },
            },
            "current_program.rungs.ankle: moon-walk is not a drill of the library",
        ),
        (
            {
                **BASE,
                "current_program": {
                    "phase": 1,
                    "started_on": "2026-11-01",
                    "rungs": {"ankle": "lateral-step-down"},
                },
            },
            "current_program.rungs.ankle: lateral-step-down is not on the ankle ladder",
        ),
        (
            {
                **BASE,
                "current_program": {
                    "phase": 1,
                    "started_on": "2026-11-01",
                    "rungs": {"elbow": "lateral-step-down"},
                },
            },
            "current_program.rungs.elbow: unknown ladder: not a ladder of the drill library",
        ),
        (
            {**BASE, "log": [{"date": "2026-11-18", "drill": "moon-walk"}]},
            "log[0].drill: moon-walk is not a drill of the library",
        ),
        (
            {
                **BASE,
                "log": [
                    {
                        "date": "2026-11-18",
                        "drill": "lateral-step-down",
                        "pain_during": 11,
                    }
                ],
            },
            "log[0].pain_during: must be between 0 and 10",
        ),
        (
            {
                **BASE,
                "log": [
                    {
                        "date": "2026-11-18",
                        "drill": "lateral-step-down",
                        "pain_next_day": -1,
                    }
                ],
            },
            "log[0].pain_next_day: must be between 0 and 10",
        ),
        (
            {**BASE, "log": [{"drill": "lateral-step-down"}]},
            "log[0].date: is required: a date as YYYY-MM-DD",
        ),
        ({**BASE, "log": {"date": "2026-11-18"}}, "log: must be a list"),
        (
            {
                **BASE,
                "log": [
                    {"date": "2026-11-18", "drill": "lateral-step-down", "mood": 3}
                ],
            },
            "log[0].mood: unknown key",
        ),
        (
            {**BASE, "hip": {"abduction_dynamometer_unit": "lb"}},
            "hip.abduction_dynamometer_unit: must be one of N, kg",
        ),
    ],
)
def test_it_names_the_field_of_each_new_kind_of_bad_input(
    data: object, problem: str
) -> None:
    assert problem in problems_of(data)


def test_the_same_day_for_previous_is_allowed() -> None:
    request = parse_request({**BASE, "previous": {"assessed_on": "2026-11-21"}})

    assert request.previous is not None


def test_without_a_library_slugs_are_not_checked() -> None:
    request = parse_request(
        {**BASE, "log": [{"date": "2026-11-18", "drill": "anything"}]}
    )

    assert request.log[0].drill == "anything"


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ('{"pain": {"knee_nrs": 2, "knee_nrs": 3}}', ["pain.knee_nrs: duplicate key"]),
        (
            '{"a": 1, "a": 2, "b": [{"c": 1, "c": 1}]}',
            ["a: duplicate key", "b[0].c: duplicate key"],
        ),
        ("[1, 2", None),
    ],
)
def test_it_refuses_duplicate_keys_and_malformed_json(
    text: str, problems: list[str] | None
) -> None:
    with pytest.raises(ContractError) as caught:
        load_document(text)

    if problems is None:
        assert caught.value.problems[0].startswith("$: malformed JSON at line 1")
    else:
        assert caught.value.problems == problems


def test_it_loads_a_plain_document_as_it_is() -> None:
    assert load_document('{"pain": {"knee_nrs": 2}}') == {"pain": {"knee_nrs": 2}}

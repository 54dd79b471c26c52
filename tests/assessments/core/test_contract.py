from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from assessments.core.contract import (
    AssessRequest,
    ContractError,
    parse_request,
    parse_session,
)
from assessments.core.contract_output import result_to_json
from assessments.core.findings import (
    Change,
    Dorsiflexion,
    PerSide,
    SessionInput,
    compare_sessions,
    evaluate_session,
)
from assessments.core.types import Clearance

DESIGN_EXAMPLE: dict[str, Any] = {
    "assessed_on": "2026-11-21",
    "client": {"age": 34},
    "dorsiflexion": {
        "left_cm": 6.0,
        "right_cm": 11.5,
        "method": "tape",
        "footwear": "barefoot",
    },
    "squat": {
        "heels_rise": True,
        "knees_cave": {"left": True, "right": False},
        "arch_collapse": {"left": False, "right": False},
        "forward_lean": True,
        "feet_turn_out": False,
        "low_back_arch": False,
        "anterior_knee_pain": False,
    },
    "hip": {
        "single_leg_stance_s": {"left": 8, "right": 30},
        "step_down_valgus": {"left": True, "right": False},
        "abduction_mmt": {"left": 3, "right": 5},
        "quad_dominant": True,
        "notes": "feels quads in bridges",
    },
    "pain": {"knee_nrs": 3},
    "red_flags": [],
    "previous": {
        "assessed_on": "2026-10-20",
        "dorsiflexion": {"left_cm": 4.0, "right_cm": 11.0},
    },
}


def problems_of(data: object) -> list[str]:
    with pytest.raises(ContractError) as caught:
        parse_request(data)
    return caught.value.problems


# --- parsing ------------------------------------------------------------------------


def test_it_parses_the_design_example() -> None:
    request = parse_request(DESIGN_EXAMPLE)

    session = request.session
    assert session.assessed_on == date(2026, 11, 21)
    assert session.age == 34
    assert session.dorsiflexion == Dorsiflexion(
        left_cm=6.0, right_cm=11.5, method="tape", footwear="barefoot"
    )
    assert session.squat.heels_rise is True
    assert session.squat.knees_cave == PerSide(left=True, right=False)
    assert session.hip.single_leg_stance_s == PerSide(left=8.0, right=30.0)
    assert session.hip.abduction_mmt == PerSide(left=3, right=5)
    assert session.hip.step_down_valgus == PerSide(left=True, right=False)
    assert session.hip.quad_dominant is True
    assert session.hip.notes == "feels quads in bridges"
    assert session.knee_pain_nrs == 3
    assert session.red_flags == ()
    assert request.previous == SessionInput(
        assessed_on=date(2026, 10, 20),
        dorsiflexion=Dorsiflexion(left_cm=4.0, right_cm=11.0),
    )


@pytest.mark.parametrize("data", [{}, {"squat": None, "hip": None, "pain": None}])
def test_it_reads_missing_and_null_sections_as_not_assessed(data: object) -> None:
    assert parse_request(data) == AssessRequest(session=SessionInput(), previous=None)


def test_it_parses_a_session_without_previous() -> None:
    data = {key: value for key, value in DESIGN_EXAMPLE.items() if key != "previous"}

    assert parse_session(data) == parse_request(DESIGN_EXAMPLE).session


def test_it_rejects_previous_in_a_single_session() -> None:
    with pytest.raises(ContractError) as caught:
        parse_session(DESIGN_EXAMPLE)

    assert caught.value.problems == ["previous: unknown key"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            {"dorsiflexion": {"left_cm": 31}},
            "dorsiflexion.left_cm: must be between 0 and 30",
        ),
        (
            {"dorsiflexion": {"right_cm": -0.1}},
            "dorsiflexion.right_cm: must be between 0 and 30",
        ),
        (
            {"dorsiflexion": {"left_cm": "6"}},
            "dorsiflexion.left_cm: must be a number between 0 and 30",
        ),
        (
            {"dorsiflexion": {"left_cm": True}},
            "dorsiflexion.left_cm: must be a number between 0 and 30",
        ),
        (
            {"dorsiflexion": {"left_cm": float("nan")}},
            "dorsiflexion.left_cm: must be a number between 0 and 30",
        ),
        (
            {"dorsiflexion": {"left_cm": float("inf")}},
            "dorsiflexion.left_cm: must be a number between 0 and 30",
        ),
        (
            {"dorsiflexion": {"left_cm": 10**400}},
            "dorsiflexion.left_cm: must be between 0 and 30",
        ),
        (
            {"dorsiflexion": {"left_deg": 90.5}},
            "dorsiflexion.left_deg: must be between 0 and 90",
        ),
        (
            {"dorsiflexion": {"method": "laser"}},
            "dorsiflexion.method: must be one of tape, inclinometer",
        ),
        (
            {"dorsiflexion": {"footwear": "socks"}},
            "dorsiflexion.footwear: must be one of barefoot, shoes",
        ),
        ({"dorsiflexion": {"left": 6}}, "dorsiflexion.left: unknown key"),
        ({"squat": {"heels_rise": 1}}, "squat.heels_rise: must be true or false"),
        ({"squat": {"heels_rise": "true"}}, "squat.heels_rise: must be true or false"),
        (
            {"squat": {"knees_cave": {"left": 1}}},
            "squat.knees_cave.left: must be true or false",
        ),
        ({"squat": {"knees_cave": True}}, "squat.knees_cave: must be an object"),
        (
            {"squat": {"knees_cave": {"middle": True}}},
            "squat.knees_cave.middle: unknown key",
        ),
        (
            {"squat": {"arch_collapse": {"right": 0}}},
            "squat.arch_collapse.right: must be true or false",
        ),
        ({"squat": {"valgus": True}}, "squat.valgus: unknown key"),
        ({"hip": {"colour": "red"}}, "hip.colour: unknown key"),
        (
            {"hip": {"single_leg_stance_s": {"left": 601}}},
            "hip.single_leg_stance_s.left: must be between 0 and 600",
        ),
        (
            {"hip": {"abduction_mmt": {"left": 6}}},
            "hip.abduction_mmt.left: must be between 0 and 5",
        ),
        (
            {"hip": {"abduction_mmt": {"right": 3.5}}},
            "hip.abduction_mmt.right: must be a whole number between 0 and 5",
        ),
        (
            {"hip": {"abduction_mmt": {"right": 3.0}}},
            "hip.abduction_mmt.right: must be a whole number between 0 and 5",
        ),
        (
            {"hip": {"abduction_dynamometer": {"left": 1000.1}}},
            "hip.abduction_dynamometer.left: must be between 0 and 1000",
        ),
        (
            {"hip": {"step_down_valgus": {"left": "yes"}}},
            "hip.step_down_valgus.left: must be true or false",
        ),
        ({"hip": {"quad_dominant": 0}}, "hip.quad_dominant: must be true or false"),
        ({"hip": {"notes": 12}}, "hip.notes: must be a string"),
        ({"hip": {"notes": "x" * 2001}}, "hip.notes: must be at most 2000 characters"),
        ({"hip": {"notes": "a\x00b"}}, "hip.notes: must not contain NUL characters"),
        ({"pain": {"knee_nrs": 11}}, "pain.knee_nrs: must be between 0 and 10"),
        (
            {"pain": {"knee_nrs": 2.5}},
            "pain.knee_nrs: must be a whole number between 0 and 10",
        ),
        ({"pain": {"hip_nrs": 2}}, "pain.hip_nrs: unknown key"),
        ({"client": {"age": 121}}, "client.age: must be between 0 and 120"),
        ({"client": {"age": -1}}, "client.age: must be between 0 and 120"),
        ({"client": {"name": "Ann"}}, "client.name: unknown key"),
        ({"assessed_on": "21/11/2026"}, "assessed_on: must be a date as YYYY-MM-DD"),
        ({"assessed_on": "2026-02-30"}, "assessed_on: must be a date as YYYY-MM-DD"),
        ({"assessed_on": "20261121"}, "assessed_on: must be a date as YYYY-MM-DD"),
        ({"assessed_on": 20261121}, "assessed_on: must be a date as YYYY-MM-DD"),
        ({"red_flags": "trauma"}, "red_flags: must be a list"),
        (
            {"red_flags": ["trauma", "bruise"]},
            "red_flags[1]: must be one of trauma, swelling, locking, giving_way, night_pain, numbness",
        ),
        ({"red_flags": ["trauma", "trauma"]}, "red_flags[1]: listed twice"),
        ({"weight_kg": 80}, "weight_kg: unknown key"),
        ({"squat": []}, "squat: must be an object"),
        (
            {"previous": {"dorsiflexion": {"left_cm": 40}}},
            "previous.dorsiflexion.left_cm: must be between 0 and 30",
        ),
        ({"previous": {"previous": {}}}, "previous.previous: unknown key"),
        ({"previous": []}, "previous: must be an object"),
        ([], "(document): must be an object"),
        ("session", "(document): must be an object"),
    ],
)
def test_it_names_the_field_and_the_rule_for_bad_input(
    data: object, problem: str
) -> None:
    assert problems_of(data) == [problem]


@pytest.mark.parametrize(
    "data",
    [
        {
            "dorsiflexion": {
                "left_cm": 0,
                "right_cm": 30,
                "left_deg": 0,
                "right_deg": 90,
            }
        },
        {"hip": {"single_leg_stance_s": {"left": 0, "right": 600}}},
        {"hip": {"abduction_mmt": {"left": 0, "right": 5}}},
        {"hip": {"abduction_dynamometer": {"left": 0, "right": 1000}}},
        {"hip": {"notes": "x" * 2000}},
        {"pain": {"knee_nrs": 0}},
        {"pain": {"knee_nrs": 10}},
        {"client": {"age": 0}},
        {"client": {"age": 120}},
        {"squat": {"knees_cave": {"left": True}}},
        {
            "red_flags": [
                "trauma",
                "swelling",
                "locking",
                "giving_way",
                "night_pain",
                "numbness",
            ]
        },
    ],
)
def test_it_accepts_values_on_the_edges_of_each_range(data: object) -> None:
    parse_request(data)


def test_it_collects_every_problem_not_just_the_first() -> None:
    data = {
        "dorsiflexion": {"left_cm": 31, "right_cm": "x"},
        "squat": {"knees_cave": {"left": 1}},
        "hip": {"colour": 1, "abduction_mmt": {"left": 3.5}},
        "red_flags": ["bad"],
        "previous": {"pain": {"knee_nrs": 11}},
    }

    assert problems_of(data) == [
        "dorsiflexion.left_cm: must be between 0 and 30",
        "dorsiflexion.right_cm: must be a number between 0 and 30",
        "squat.knees_cave.left: must be true or false",
        "hip.colour: unknown key",
        "hip.abduction_mmt.left: must be a whole number between 0 and 5",
        "red_flags[0]: must be one of trauma, swelling, locking, giving_way, night_pain, numbness",
        "previous.pain.knee_nrs: must be between 0 and 10",
    ]


def test_it_joins_problems_one_a_line_in_the_message() -> None:
    with pytest.raises(ContractError) as caught:
        parse_request({"a": 1, "b": 2})

    assert str(caught.value) == "a: unknown key\nb: unknown key"


# --- output -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FakeDrill:
    slug: str = "banded-ankle-distraction"
    name: str = "Banded ankle distraction"
    ladder: str = "ankle"
    region: str = "ankle"
    purpose: str = "mobility"
    loaded: bool = False
    side: str | None = "left"
    sets: int = 2
    reps: int | None = None
    seconds: int | None = 60
    tempo: str | None = None
    reasons: tuple[str, ...] = ("ankle_dorsiflexion_restricted",)
    cues: tuple[str, ...] = ("Knee over middle toe",)
    move: str | None = None
    move_reason: str = ""


@dataclass(frozen=True, slots=True)
class FakePhase:
    number: int = 1
    name: str = "Restore"
    weeks: int = 2
    exit_criteria: tuple[str, ...] = ("left knee-to-wall >= 10 cm",)
    drills: tuple[FakeDrill, ...] = (FakeDrill(),)


DRILL_KEYS = [
    "slug",
    "name",
    "region",
    "purpose",
    "loaded",
    "side",
    "sets",
    "reps",
    "seconds",
    "tempo",
    "reasons",
    "cues",
]


def design_output() -> dict[str, Any]:
    request = parse_request(DESIGN_EXAMPLE)
    assert request.previous is not None
    return result_to_json(
        findings=evaluate_session(session=request.session),
        progression=[FakePhase()],
        changes=compare_sessions(current=request.session, previous=request.previous),
    )


def test_it_shapes_the_output_of_the_design_document() -> None:
    output = design_output()

    assert list(output) == [
        "findings",
        "refer_out",
        "status",
        "progression",
        "skipped",
        "unaddressed",
        "ladders",
        "dropped",
        "phase",
        "changes",
    ]
    assert (output["status"], output["skipped"], output["unaddressed"]) == (
        "program",
        [],
        [],
    )
    first = output["findings"][0]
    assert first == {
        "code": "ankle_dorsiflexion_restricted",
        "side": "left",
        "severity": "moderate",
        "evidence": [
            {
                "field": "dorsiflexion.left_cm",
                "value": 6.0,
                "rule": "< 10 cm",
                "source": "seed-ktw-4in",
            }
        ],
        "summary": first["summary"],
    }
    assert output["refer_out"] is False
    assert output["changes"][0] == {
        "field": "dorsiflexion.left_cm",
        "from": 4.0,
        "to": 6.0,
        "delta": 2.0,
        "mdc": 1.9,
        "verdict": "improved",
    }
    (phase,) = output["progression"]
    assert list(phase) == ["phase", "name", "weeks", "exit_criteria", "drills"]
    assert phase["phase"] == 1
    assert phase["exit_criteria"] == ["left knee-to-wall >= 10 cm"]
    assert list(phase["drills"][0]) == DRILL_KEYS
    assert phase["drills"][0]["reasons"] == ["ankle_dorsiflexion_restricted"]


def test_it_outputs_plain_json() -> None:
    output = design_output()

    assert json.loads(json.dumps(output)) == output


@pytest.mark.parametrize(
    ("move", "extra"),
    [
        (None, {}),
        ("up", {"move": "up", "move_reason": "left knee-to-wall improved"}),
        ("hold", {"move": "hold", "move_reason": "left knee-to-wall improved"}),
    ],
)
def test_it_adds_the_ladder_move_only_on_reassessment(
    move: str | None, extra: dict[str, str]
) -> None:
    drill = FakeDrill(move=move, move_reason="left knee-to-wall improved")

    output = result_to_json(
        findings=evaluate_session(session=SessionInput()),
        progression=[FakePhase(drills=(drill,))],
        changes=(),
    )

    shaped = output["progression"][0]["drills"][0]
    assert list(shaped) == DRILL_KEYS + list(extra)
    assert {key: shaped[key] for key in extra} == extra


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            Change("pain.knee_nrs", 3, 5, 2, 2, "worse"),
            {
                "field": "pain.knee_nrs",
                "from": 3,
                "to": 5,
                "delta": 2,
                "mdc": 2,
                "verdict": "worse",
            },
        ),
        (
            Change(
                "dorsiflexion.left_cm",
                4.0,
                9.0,
                None,
                1.9,
                "not_comparable",
                note="Not comparable: footwear was barefoot, now shoes.",
            ),
            {
                "field": "dorsiflexion.left_cm",
                "from": 4.0,
                "to": 9.0,
                "delta": None,
                "mdc": 1.9,
                "verdict": "not_comparable",
                "note": "Not comparable: footwear was barefoot, now shoes.",
            },
        ),
    ],
)
def test_it_adds_a_note_only_to_changes_that_are_not_comparable(
    change: Change, expected: dict[str, object]
) -> None:
    output = result_to_json(
        findings=evaluate_session(session=SessionInput()),
        progression=(),
        changes=(change,),
    )

    assert output["changes"] == [expected]


def test_it_reports_refer_out_at_the_top_level() -> None:
    request = parse_request({"red_flags": ["locking"], "pain": {"knee_nrs": 2}})

    output = result_to_json(
        findings=evaluate_session(session=request.session), progression=(), changes=()
    )

    assert output["refer_out"] is True
    assert [f["code"] for f in output["findings"]] == ["refer_out"]


# --- version 2: contraindications, clearance, status, skipped, unaddressed ----------

CODES_RULE = (
    "must be one of no_kneeling, no_deep_knee_flexion, no_loading, no_single_leg, "
    "no_impact, irritable_anterior_knee"
)


def test_it_parses_contraindications_and_a_clearance() -> None:
    request = parse_request(
        {
            "assessed_on": "2026-11-21",
            "client": {"age": 34, "contraindications": ["no_kneeling", "no_impact"]},
            "clearance": {
                "cleared_on": "2026-12-01",
                "by": "Dr A. Patel",
                "restrictions": ["no_loading"],
            },
        }
    )

    assert request.session.age == 34
    assert request.contraindications == ("no_kneeling", "no_impact")
    assert request.clearance == Clearance(
        cleared_on=date(2026, 12, 1), by="Dr A. Patel", restrictions=("no_loading",)
    )


@pytest.mark.parametrize(
    ("data", "contraindications", "clearance"),
    [
        ({}, (), None),
        ({"client": {"contraindications": []}}, (), None),
        ({"client": {"contraindications": None}, "clearance": None}, (), None),
        (
            {"clearance": {"cleared_on": "2026-12-01"}},
            (),
            Clearance(cleared_on=date(2026, 12, 1)),
        ),
    ],
)
def test_it_reads_missing_contraindications_and_clearance_as_none(
    data: dict[str, Any],
    contraindications: tuple[str, ...],
    clearance: Clearance | None,
) -> None:
    request = parse_request(data)

    assert (request.contraindications, request.clearance) == (
        contraindications,
        clearance,
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            {"client": {"contraindications": ["no_running"]}},
            f"client.contraindications[0]: {CODES_RULE}",
        ),
        (
            {"client": {"contraindications": ["no_kneeling", 3]}},
            f"client.contraindications[1]: {CODES_RULE}",
        ),
        (
            {"client": {"contraindications": "no_kneeling"}},
            "client.contraindications: must be a list",
        ),
        (
            {"client": {"contraindications": ["no_impact", "no_impact"]}},
            "client.contraindications[1]: listed twice",
        ),
        (
            {"clearance": {"cleared_on": "2026-12-01", "restrictions": ["none"]}},
            f"clearance.restrictions[0]: {CODES_RULE}",
        ),
        (
            {"clearance": {"cleared_on": "2026-12-01", "restrictions": "no_loading"}},
            "clearance.restrictions: must be a list",
        ),
        (
            {"clearance": {"cleared_on": "01/12/2026"}},
            "clearance.cleared_on: must be a date as YYYY-MM-DD",
        ),
        (
            {"clearance": {"cleared_on": "2026-02-30"}},
            "clearance.cleared_on: must be a date as YYYY-MM-DD",
        ),
        (
            {"clearance": {"by": "Dr A. Patel"}},
            "clearance.cleared_on: is required: a date as YYYY-MM-DD",
        ),
        (
            {"clearance": {"cleared_on": "2026-12-01", "by": 7}},
            "clearance.by: must be a string",
        ),
        (
            {"clearance": {"cleared_on": "2026-12-01", "note": "ok"}},
            "clearance.note: unknown key",
        ),
        ({"clearance": "2026-12-01"}, "clearance: must be an object"),
        # The previous session is measurements only.
        (
            {"previous": {"client": {"contraindications": ["no_kneeling"]}}},
            "previous.client.contraindications: unknown key",
        ),
        (
            {"previous": {"clearance": {"cleared_on": "2026-12-01"}}},
            "previous.clearance: unknown key",
        ),
    ],
)
def test_it_names_the_field_and_the_rule_for_bad_codes_and_clearances(
    data: object, problem: str
) -> None:
    assert problems_of(data) == [problem]


def test_it_refuses_a_single_session_with_a_clearance() -> None:
    with pytest.raises(ContractError) as caught:
        parse_session({"clearance": {"cleared_on": "2026-12-01"}})

    assert caught.value.problems == ["clearance: unknown key"]


@dataclass(frozen=True, slots=True)
class FakeSkipped:
    slug: str = "knee-to-wall-rocks"
    ladder: str = "ankle"
    reason: str = "contraindication:no_kneeling"


@pytest.mark.parametrize(
    ("red_flags", "status", "expected_status", "phases"),
    [
        ([], None, "program", 1),
        (["locking"], None, "refer_out", 0),
        (["locking"], "refer_out", "refer_out", 0),
        (["locking"], "cleared", "cleared", 1),
        ([], "program", "program", 1),
    ],
)
def test_it_outputs_the_status_and_no_progression_when_referred_out(
    red_flags: list[str], status: str | None, expected_status: str, phases: int
) -> None:
    session = parse_request({"red_flags": red_flags}).session

    output = result_to_json(
        findings=evaluate_session(session=session),
        progression=[FakePhase()],
        changes=(),
        status=status,
        skipped=[FakeSkipped()],
        unaddressed=["knee_valgus"],
    )

    assert output["status"] == expected_status
    assert len(output["progression"]) == phases
    assert output["refer_out"] is bool(red_flags)
    assert output["skipped"] == [
        {
            "slug": "knee-to-wall-rocks",
            "ladder": "ankle",
            "reason": "contraindication:no_kneeling",
        }
    ]
    assert output["unaddressed"] == ["knee_valgus"]

"""Ladder governance (CLINICAL.md section 11): each ladder moves by its own measure, on its side.

Table-driven at the edges of every ladder's "up only when" and "down when" columns,
on both sides. Sessions go through the real findings core and change table.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from assessments.core.findings import compare_sessions, evaluate_session, pain_rising
from assessments.core.types import Dorsiflexion, Hip, PerSide, SessionInput, Squat
from programs.progression.governance import GOVERNANCE, Reassessment, ladder_move
from programs.progression.pain_rule import LadderPain

SIDES = ("left", "right")
OTHER = {"left": "right", "right": "left"}


def per_side(side: str, value: object, other: object = None) -> PerSide:
    return PerSide(**{side: value, OTHER[side]: other})


def state(
    current: SessionInput,
    previous: SessionInput | None = None,
    **extra: Any,
) -> Reassessment:
    findings = evaluate_session(session=current).findings
    before = evaluate_session(session=previous).findings if previous else None
    return Reassessment(
        session=current,
        findings=tuple(f for f in findings if f.code != "refer_out"),
        previous_codes=None if before is None else frozenset(f.code for f in before),
        changes=compare_sessions(current=current, previous=previous)
        if previous
        else (),
        pain_rising=(
            pain_rising(current=current, previous=previous) if previous else False
        ),
        **extra,
    )


def step(ladder: str, side: str, reassessment: Reassessment) -> int:
    return ladder_move(ladder=ladder, sides=(side,), state=reassessment).step


def session(**fields: Any) -> SessionInput:
    return SessionInput(assessed_on=date(2026, 11, 21), **fields)


# --- ankle: knee-to-wall beyond the published MDC, same method and footwear -------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("before", "after", "setup", "expected"),
    [
        (6.0, 7.9, ("tape", "barefoot"), 1),  # exactly the 1.9 cm MDC
        (6.0, 7.8, ("tape", "barefoot"), 0),  # within error
        (6.0, 4.1, ("tape", "barefoot"), -1),  # worse by the MDC
        (6.0, 4.2, ("tape", "barefoot"), 0),
        (6.0, 9.0, ("tape", "shoes"), 0),  # footwear changed: not comparable
    ],
)
def test_the_ankle_ladder_moves_only_beyond_the_mdc_on_its_side(
    side: str, before: float, after: float, setup: tuple[str, str], expected: int
) -> None:
    previous = session(
        dorsiflexion=Dorsiflexion(
            **{f"{side}_cm": before}, method="tape", footwear="barefoot"
        )
    )
    current = session(
        dorsiflexion=Dorsiflexion(
            **{f"{side}_cm": after}, method=setup[0], footwear=setup[1]
        )
    )

    assert step("ankle", side, state(current, previous)) == expected
    # The other side's measure never moves this side's ladder.
    assert step("ankle", OTHER[side], state(current, previous)) == 0


def test_the_ankle_ladder_says_within_error_only_for_knee_to_wall() -> None:
    previous = session(dorsiflexion=Dorsiflexion(left_cm=6.0))
    current = session(dorsiflexion=Dorsiflexion(left_cm=7.0))

    move = ladder_move(ladder="ankle", sides=("left",), state=state(current, previous))

    assert move.reasons == (
        "left knee-to-wall changed 1.0 cm, within the 1.9 cm measurement error",
    )


# --- knee control: no step-down valgus on that side and knee pain <= 2/10 ---------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("valgus", "pain", "expected"),
    [
        (False, 2, 1),
        (False, 0, 1),
        (False, 3, 0),  # pain above 2/10
        (True, 0, 0),  # the fault persists on that side
        (None, 0, 0),  # not re-tested: no claim it is gone
        (False, None, 0),  # pain not rated
    ],
)
def test_knee_control_moves_up_only_without_step_down_valgus_on_that_side(
    side: str, valgus: bool | None, pain: int | None, expected: int
) -> None:
    current = session(
        hip=Hip(step_down_valgus=per_side(side, valgus, True)), knee_pain_nrs=pain
    )

    assert step("knee_control", side, state(current)) == expected


@pytest.mark.parametrize("side", SIDES)
def test_knee_control_never_moves_up_while_the_knee_dives_in_even_when_hip_strength_improves(
    side: str,
) -> None:
    # The case: abduction 3 -> 4 while "knee dives in on step-down" persists.
    previous = session(hip=Hip(abduction_mmt=per_side(side, 3, 5)))
    current = session(
        hip=Hip(
            abduction_mmt=per_side(side, 4, 5),
            step_down_valgus=per_side(side, True, False),
        ),
        knee_pain_nrs=0,
    )

    move = ladder_move(
        ladder="knee_control", sides=(side,), state=state(current, previous)
    )

    assert move.step == 0
    assert f"the {side} knee still dives in on the step-down" in move.reasons


@pytest.mark.parametrize(
    ("ladder", "before", "expected"),
    [
        ("knee_control", False, -1),
        ("squat", False, -1),
        # Not new: knee control follows its own column (no dive, pain <= 2/10);
        # the squat holds while the front of the knee still hurts.
        ("knee_control", True, 1),
        ("squat", True, 0),
    ],
)
def test_new_anterior_knee_pain_steps_knee_control_and_squat_down(
    ladder: str, before: bool, expected: int
) -> None:
    previous = session(squat=Squat(anterior_knee_pain=before))
    current = session(
        squat=Squat(anterior_knee_pain=True, heels_rise=False, forward_lean=False),
        hip=Hip(step_down_valgus=PerSide(False, False)),
        knee_pain_nrs=1,
    )

    move = ladder_move(ladder=ladder, sides=("left",), state=state(current, previous))

    assert move.step == expected


# --- hip abductors: a grade up (or symmetry >= 90 %) and no knee valgus that side --


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("before", "after", "caves", "caves_other", "expected"),
    [
        (3, 4, False, False, 1),
        (3, 4, True, False, 0),  # that knee still caves in
        (3, 4, False, True, 1),  # the other knee does not block this side
        (3, 3, False, False, 0),
        (4, 3, False, False, -1),  # a grade down
        (4, 3, True, False, -1),
    ],
)
def test_hip_abductors_move_by_grade_and_never_up_while_that_knee_caves_in(
    side: str,
    before: int,
    after: int,
    caves: bool,
    caves_other: bool,
    expected: int,
) -> None:
    previous = session(hip=Hip(abduction_mmt=per_side(side, before, 5)))
    current = session(
        hip=Hip(abduction_mmt=per_side(side, after, 5)),
        squat=Squat(knees_cave=per_side(side, caves, caves_other)),
    )

    move = ladder_move(
        ladder="hip_abductors", sides=(side,), state=state(current, previous)
    )

    assert move.step == expected
    if expected == 1:
        assert move.reasons[0] == f"{side} hip abduction up one grade (3 to 4 of 5)"
        assert "measurement error" not in " ".join(move.reasons)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(("value", "expected"), [(90.0, 1), (89.9, 0), (100.0, 1)])
def test_hip_abductors_move_up_on_dynamometer_symmetry_of_90_percent(
    side: str, value: float, expected: int
) -> None:
    current = session(hip=Hip(abduction_dynamometer=per_side(side, value, 100.0)))

    assert step("hip_abductors", side, state(current)) == expected


# --- balance, glute max, foot, squat, knee pain ------------------------------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(("seconds", "expected"), [(10.0, 1), (9.9, 0), (None, 0)])
def test_balance_moves_up_at_ten_seconds_on_that_side(
    side: str, seconds: float | None, expected: int
) -> None:
    current = session(hip=Hip(single_leg_stance_s=per_side(side, seconds, 30.0)))

    assert step("balance", side, state(current)) == expected


@pytest.mark.parametrize(
    ("quad", "arch", "expected"),
    [(False, False, 1), (True, False, 0), (False, True, 0), (None, False, 0)],
)
def test_glute_max_moves_up_only_when_quad_dominance_and_back_arch_are_both_gone(
    quad: bool | None, arch: bool, expected: int
) -> None:
    current = session(hip=Hip(quad_dominant=quad), squat=Squat(low_back_arch=arch))

    assert step("glute_max", "left", state(current)) == expected


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(("collapse", "expected"), [(False, 1), (True, 0), (None, 0)])
def test_foot_moves_up_when_the_arch_holds_on_that_side(
    side: str, collapse: bool | None, expected: int
) -> None:
    current = session(squat=Squat(arch_collapse=per_side(side, collapse, True)))

    assert step("foot", side, state(current)) == expected


@pytest.mark.parametrize(
    ("heels", "lean", "front", "expected"),
    [
        (False, False, False, 1),
        (True, False, False, 0),
        (False, True, False, 0),
        (False, False, None, 0),
    ],
)
def test_squat_moves_up_when_heel_rise_and_lean_are_gone_without_knee_pain(
    heels: bool, lean: bool, front: bool | None, expected: int
) -> None:
    current = session(
        squat=Squat(heels_rise=heels, forward_lean=lean, anterior_knee_pain=front)
    )

    assert step("squat", "left", state(current)) == expected


@pytest.mark.parametrize(
    ("before", "after", "front", "expected"),
    [(3, 2, False, 1), (3, 3, False, 0), (1, 2, True, 0), (1, 3, False, -1)],
)
def test_knee_pain_moves_by_pain_and_anterior_knee_pain(
    before: int, after: int, front: bool, expected: int
) -> None:
    previous = session(knee_pain_nrs=before)
    current = session(knee_pain_nrs=after, squat=Squat(anterior_knee_pain=front))

    assert step("knee_pain", "left", state(current, previous)) == expected


# --- the pain rule and the log -----------------------------------------------------


@pytest.mark.parametrize("ladder", sorted(GOVERNANCE))
def test_the_pain_rule_steps_every_ladder_down(ladder: str) -> None:
    perfect = session(
        dorsiflexion=Dorsiflexion(left_cm=12.0, right_cm=12.0),
        squat=Squat(
            heels_rise=False,
            forward_lean=False,
            anterior_knee_pain=False,
            low_back_arch=False,
            arch_collapse=PerSide(False, False),
            knees_cave=PerSide(False, False),
        ),
        hip=Hip(
            step_down_valgus=PerSide(False, False),
            single_leg_stance_s=PerSide(30.0, 30.0),
            abduction_dynamometer=PerSide(100.0, 100.0),
            quad_dominant=False,
        ),
        knee_pain_nrs=0,
    )
    pain = LadderPain(ladder, True, False, ("knee pain 5/10 during a drill",))

    move = ladder_move(
        ladder=ladder, sides=("left",), state=state(perfect, log_pain={ladder: pain})
    )

    assert (move.step, move.reasons) == (-1, ("knee pain 5/10 during a drill",))
    # And without it, the same session moves the ladder up (ankle: no re-test).
    free = ladder_move(ladder=ladder, sides=("left",), state=state(perfect))
    assert free.step == (0 if ladder == "ankle" else 1)


def test_no_ladder_moves_up_after_a_log_entry_of_seven() -> None:
    current = session(hip=Hip(single_leg_stance_s=PerSide(30.0, 30.0)))

    move = ladder_move(
        ladder="balance", sides=("left",), state=state(current, log_stop=True)
    )

    assert move.step == 0
    assert "no ladder moves up after knee pain of 7/10 or more" in move.reasons


def test_a_ladder_serving_both_sides_moves_up_only_when_both_sides_may() -> None:
    current = session(hip=Hip(single_leg_stance_s=PerSide(12.0, 9.0)))

    assert (
        ladder_move(
            ladder="balance", sides=("left", "right"), state=state(current)
        ).step
        == 0
    )
    both = replace(current, hip=Hip(single_leg_stance_s=PerSide(12.0, 10.0)))
    assert (
        ladder_move(ladder="balance", sides=("left", "right"), state=state(both)).step
        == 1
    )


def test_a_ladder_without_a_measure_holds_and_says_so() -> None:
    move = ladder_move(ladder="trunk", sides=(), state=state(session()))

    assert (move.step, move.reasons) == (
        0,
        ("this ladder has no re-test measure of its own",),
    )

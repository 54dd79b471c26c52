"""The pain rule (CLINICAL.md sections 10 and 11), pure: one rule for the live plan and the engine."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.core.types import LogEntry
from programs import pain as live_plan
from programs.progression import pain_rule
from programs.progression.pain_rule import Advice, log_verdict, log_window, pain_advice

LADDER_OF = {
    "lateral-step-down": "knee_control",
    "supported-step-down": "knee_control",
    "clamshell": "hip_abductors",
}
NAMES = {"lateral-step-down": "Lateral step-down", "clamshell": "Clamshell"}


def entry(
    day: int, drill: str, during: int | None = None, next_day: int | None = None
) -> LogEntry:
    return LogEntry(
        on=date(2026, 11, day), drill=drill, pain_during=during, pain_next_day=next_day
    )


def test_the_live_plan_applies_the_same_rule_objects() -> None:
    assert live_plan.pain_advice is pain_rule.pain_advice
    assert live_plan.pain_rising is pain_rule.pain_rising
    assert live_plan.PAIN_MONITORING is pain_rule.PAIN_MONITORING


@pytest.mark.parametrize(
    ("during", "next_day", "advice"),
    [
        (3, 3, Advice.FINE),
        (4, None, Advice.STEP_DOWN),
        (6, 0, Advice.STEP_DOWN),
        (7, None, Advice.STOP),
        (None, 4, Advice.STEP_DOWN),
        (0, 3, Advice.FINE),
        (2, 7, Advice.STOP),
    ],
)
def test_one_rating_on_its_own(
    during: int | None, next_day: int | None, advice: Advice
) -> None:
    assert pain_advice(during=during, next_day=next_day) == advice


@pytest.mark.parametrize(
    ("log", "down", "stop"),
    [
        ([entry(10, "lateral-step-down", 3, 3)], False, False),
        ([entry(10, "lateral-step-down", 4)], True, False),  # 4-6 during
        ([entry(10, "lateral-step-down", 6, 0)], True, False),
        ([entry(10, "lateral-step-down", 2, 4)], True, False),  # next day above 3
        ([entry(10, "lateral-step-down", 2, 3)], False, False),
        ([entry(10, "lateral-step-down", 7)], True, True),  # 7 or more: that too
        # Three latest of one ladder, never falling, last >= first + 2.
        (
            [
                entry(10, "supported-step-down", 0),
                entry(12, "lateral-step-down", 1),
                entry(14, "lateral-step-down", 2),
            ],
            True,
            False,
        ),
        (
            [
                entry(10, "lateral-step-down", 1),
                entry(12, "lateral-step-down", 1),
                entry(14, "lateral-step-down", 2),
            ],
            False,
            False,
        ),
        (
            [
                entry(10, "lateral-step-down", 1),
                entry(12, "lateral-step-down", 3),
                entry(14, "lateral-step-down", 2),
            ],
            False,
            False,
        ),  # it fell
        (
            [entry(12, "lateral-step-down", 1), entry(14, "lateral-step-down", 3)],
            False,
            False,
        ),  # only two logs
    ],
)
def test_the_log_steps_the_drills_ladder_down(
    log: list[LogEntry], down: bool, stop: bool
) -> None:
    verdict = log_verdict(log=log, ladder_of=LADDER_OF, names=NAMES)

    assert ("knee_control" in verdict.ladders) is down
    assert "hip_abductors" not in verdict.ladders
    assert verdict.stop is stop
    if down:
        assert verdict.ladders["knee_control"].reasons
        assert all(
            "_" not in words for words in verdict.ladders["knee_control"].reasons
        )


def test_rising_logs_of_another_ladder_do_not_count() -> None:
    log = [
        entry(10, "clamshell", 0),
        entry(12, "lateral-step-down", 1),
        entry(14, "clamshell", 2),
    ]

    assert log_verdict(log=log, ladder_of=LADDER_OF, names=NAMES).ladders == {}


def test_it_words_the_reason_for_the_client() -> None:
    verdict = log_verdict(
        log=[entry(18, "lateral-step-down", 5, 4)], ladder_of=LADDER_OF, names=NAMES
    )

    assert verdict.ladders["knee_control"].reasons == (
        "knee pain 5/10 during Lateral step-down on 18 November",
        "knee pain 4/10 the day after Lateral step-down on 18 November",
    )


def test_the_window_is_since_the_last_session_up_to_this_one() -> None:
    log = [entry(1, "clamshell", 5), entry(2, "clamshell", 5), entry(9, "clamshell", 5)]

    window = log_window(log, since=date(2026, 11, 1), until=date(2026, 11, 8))

    assert window == (entry(2, "clamshell", 5),)


def test_an_unknown_drill_counts_for_no_ladder_but_a_seven_still_stops() -> None:
    verdict = log_verdict(
        log=[entry(3, "retired-drill", 8)], ladder_of=LADDER_OF, names=NAMES
    )

    assert (verdict.ladders, verdict.stop) == ({}, True)

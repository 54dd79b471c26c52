from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from assessments.core.wording import dose_words
from programs.models import Completion, PainReport, Phase
from programs.plan.log import (
    client_activity,
    completion_toggle,
    pain_report_save,
    plan_prescription,
)
from programs.plan.page import (
    current_window,
    phase_criteria_words,
    plan_today,
    reason_lines,
)
from programs.plan.progress import ktw_trend, streak_length
from tests.factory import make_client, make_client_user, make_program, make_session

START = date(2026, 11, 2)  # a Monday


def make_phases(*weeks: int) -> list[Phase]:
    return [Phase(number=i + 1, weeks=w) for i, w in enumerate(weeks)]


def publish_on(program, day: date):
    program.published_at = timezone.make_aware(
        datetime.combine(day, datetime.min.time().replace(hour=9))
    )
    program.save(update_fields=["published_at"])
    return program


@pytest.mark.parametrize(
    ("current", "day", "number", "week", "past_end"),
    [
        (1, START, 1, 1, False),
        (1, START + timedelta(days=13), 1, 2, False),
        # The calendar alone never moves the client on: week 7 of a 2-week phase.
        (1, START + timedelta(days=42), 1, 7, True),
        (2, START + timedelta(days=7), 2, 2, False),
        (3, START + timedelta(days=14), 3, 3, True),
        # A program that starts at phase 2 (a re-assessment's proposal).
        (2, START - timedelta(days=3), 2, 1, False),
    ],
)
def test_it_keeps_the_client_in_the_current_phase_whatever_the_date(
    current: int, day: date, number: int, week: int, past_end: bool
) -> None:
    window = current_window(
        phases=make_phases(2, 2, 2),
        current_phase=current,
        phase_started_on=START,
        day=day,
    )
    assert window is not None
    assert (window.phase.number, window.week, window.past_planned_end) == (
        number,
        week,
        past_end,
    )


def test_it_has_no_phase_without_phases() -> None:
    window = current_window(
        phases=[], current_phase=1, phase_started_on=START, day=START
    )
    assert window is None


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {"sets": 2, "reps": None, "seconds": 60, "side": "left"},
            "2 sets × 60 s, left leg only",
        ),
        ({"sets": 3, "reps": 10, "seconds": None, "side": ""}, "3 sets × 10 reps"),
        (
            {"sets": 1, "reps": 1, "seconds": None, "side": "right"},
            "1 set × 1 rep, right leg only",
        ),
        (
            {"sets": 3, "reps": 8, "seconds": None, "side": "both"},
            "3 sets × 8 reps, each side",
        ),
        (
            {"sets": 2, "reps": 12, "seconds": None, "side": "", "per_side": True},
            "2 sets × 12 reps, each side",
        ),
    ],
)
def test_it_says_the_dose_in_words(kwargs: dict, words: str) -> None:
    assert dose_words(**kwargs) == words


FINDINGS: list[dict[str, Any]] = [
    {
        "code": "ankle_dorsiflexion_restricted",
        "side": "left",
        "summary": "Your left ankle bends less than it should",
    },
    {
        "code": "ankle_dorsiflexion_restricted",
        "side": "right",
        "summary": "Your right ankle bends less than it should",
    },
    {"code": "heel_rise", "side": None, "summary": "Your heels come off the floor"},
    {"code": "knee_valgus", "side": "left", "summary": "Your left knee caves in"},
]


def test_it_gives_the_reasons_of_the_prescriptions_side_only() -> None:
    lines = reason_lines(
        findings=FINDINGS,
        reasons=["ankle_dorsiflexion_restricted", "heel_rise"],
        side="left",
    )
    assert lines == [
        "Your left ankle bends less than it should",
        "Your heels come off the floor",
    ]


def test_it_gives_every_sides_reason_to_a_drill_for_both_sides() -> None:
    lines = reason_lines(
        findings=FINDINGS, reasons=["ankle_dorsiflexion_restricted"], side=""
    )
    assert lines == [
        "Your left ankle bends less than it should",
        "Your right ankle bends less than it should",
    ]


@pytest.mark.parametrize(
    ("offsets", "streak"),
    [
        ((0, 2, 4), 3),  # Fri, Wed, Mon: the rest days between do not break it
        ((2, 4), 2),  # Friday still open
        ((0, 4), 1),  # Wednesday missed
        ((0, 1, 2), 3),  # Thursday, a rest day, done: it counts
        ((0, 2, 4, 7), 4),  # back to last Friday: the weekend rests between
    ],
)
def test_the_streak_follows_the_training_days(
    offsets: tuple[int, ...], streak: int
) -> None:
    friday = date(2026, 11, 20)
    assert (
        streak_length(
            days_done={friday - timedelta(days=o) for o in offsets},
            today=friday,
            training_days=(0, 2, 4),
        )
        == streak
    )


@pytest.mark.parametrize(
    ("offsets", "streak"),
    [
        ((), 0),
        ((0,), 1),
        ((0, 1, 2), 3),
        ((1, 2), 2),  # today still open: yesterday's streak stands
        ((0, 2, 3), 1),
        ((2, 3), 0),
    ],
)
def test_it_counts_the_streak_of_days_with_a_drill_done(
    offsets: tuple[int, ...], streak: int
) -> None:
    today = date(2026, 11, 20)
    assert (
        streak_length(
            days_done={today - timedelta(days=o) for o in offsets}, today=today
        )
        == streak
    )


def test_it_lays_out_the_knee_to_wall_trend_with_the_target_line() -> None:
    trend = ktw_trend(
        measures=[(date(2026, 10, 1), 6.0, 11.0), (date(2026, 11, 1), 8.0, None)]
    )
    assert trend is not None
    assert [p.cm for p in trend.left] == [6.0, 8.0]
    assert [p.cm for p in trend.right] == [11.0]
    # Higher is better and drawn higher: smaller y.
    assert trend.left[1].y < trend.left[0].y
    assert trend.right[0].y < trend.target_y < trend.left[0].y
    assert "left 8.0 cm" in trend.summary
    assert ktw_trend(measures=[(date(2026, 10, 1), None, None)]) is None


@pytest.mark.django_db
def test_it_shows_todays_drills_with_dose_and_reasons() -> None:
    program = make_program()
    plan = plan_today(client=program.client)
    assert plan.window is not None
    assert plan.window.phase.number == 1
    names = [item.drill.name for item in plan.drills]
    assert len(names) == program.phases.get(number=1).prescriptions.count()
    calf = next(item for item in plan.drills if item.prescription.side == "left")
    assert calf.dose.endswith("left leg only")
    assert any(
        "left ankle bends less than it should" in reason for reason in calf.reasons
    )
    assert 2 <= len(calf.cues) <= 3
    assert plan.next_reassessment == date(2026, 11, 2) + timedelta(
        weeks=program.client.reassess_every_weeks
    )


@pytest.mark.django_db
def test_it_stays_in_the_phase_past_its_weeks_until_moved_on() -> None:
    program = publish_on(make_program(), START)
    plan = plan_today(client=program.client, today=START + timedelta(days=15))
    assert plan.window is not None
    assert (plan.window.phase.number, plan.window.past_planned_end) == (1, True)
    program.current_phase = 2
    program.phase_started_on = START + timedelta(days=15)
    program.save(update_fields=["current_phase", "phase_started_on"])
    plan = plan_today(client=program.client, today=START + timedelta(days=15))
    assert plan.window is not None
    assert (plan.window.phase.number, plan.window.week) == (2, 1)
    assert {item.prescription.phase_id for item in plan.drills} == {
        plan.window.phase.pk
    }


@pytest.mark.django_db
def test_it_has_no_plan_before_the_coach_publishes() -> None:
    client = make_client()
    make_program(session=make_session(client=client), publish=False)
    plan = plan_today(client=client)
    assert plan.program is None and plan.drills == ()
    assert plan.next_reassessment is not None


@pytest.mark.django_db
def test_it_toggles_a_completion_per_day() -> None:
    program = make_program()
    prescription = program.phases.get(number=1).prescriptions.first()
    client = program.client
    assert (
        completion_toggle(client=client, prescription=prescription, on_date=START)
        is True
    )
    assert (
        completion_toggle(client=client, prescription=prescription, on_date=START)
        is False
    )
    assert (
        completion_toggle(client=client, prescription=prescription, on_date=START)
        is True
    )
    assert (
        completion_toggle(
            client=client, prescription=prescription, on_date=START + timedelta(days=1)
        )
        is True
    )
    assert Completion.objects.filter(prescription=prescription).count() == 2


@pytest.mark.django_db
def test_it_counts_the_week_done_against_prescribed() -> None:
    program = publish_on(make_program(), START)
    client = program.client
    phase_one = list(program.phases.get(number=1).prescriptions.all())
    wednesday = START + timedelta(days=2)
    for day in (START, START + timedelta(days=1), wednesday):
        completion_toggle(client=client, prescription=phase_one[0], on_date=day)
    # Last week's completions count for the streak, not for this week.
    plan = plan_today(client=client, today=wednesday + timedelta(days=7))
    assert plan.progress is not None
    assert plan.progress.done == 0
    assert plan.progress.planned == 3  # Monday, Wednesday and Friday by default
    assert plan.progress.words == "0 of 3 sessions"
    plan = plan_today(client=client, today=wednesday)
    assert plan.progress is not None
    # Tuesday is a rest day: drills done on it still make a session.
    assert plan.progress.done == 3
    assert plan.progress.words == "3 of 3 sessions"
    assert plan.progress.streak == 3
    done_today = [item for item in plan.drills if item.done]
    assert [item.prescription.pk for item in done_today] == [phase_one[0].pk]


@pytest.mark.django_db
def test_it_only_counts_training_days_since_publishing_as_planned() -> None:
    program = publish_on(make_program(), START + timedelta(days=5))  # a Saturday
    plan = plan_today(client=program.client, today=START + timedelta(days=5))
    assert plan.progress is not None
    assert plan.progress.planned == 0  # Monday, Wednesday and Friday have gone
    program.client.training_days = [2, 5, 6]
    program.client.save()
    plan = plan_today(client=program.client, today=START + timedelta(days=5))
    assert plan.progress is not None
    assert plan.progress.planned == 2  # Saturday and Sunday; not the Wednesday before
    assert plan.progress.words == "0 of 2 sessions"


@pytest.mark.django_db
def test_it_keeps_one_pain_report_per_day() -> None:
    program = make_program()
    client = program.client
    pain_report_save(client=client, on_date=START, pain=3, note="fine")
    pain_report_save(client=client, on_date=START, pain=6, note="worse after stairs")
    report = PainReport.objects.get(client=client)
    assert (report.pain, report.note) == (6, "worse after stairs")
    pain_today = plan_today(client=client, today=START).pain_today
    assert pain_today is not None and pain_today.pain == 6


@pytest.mark.django_db
def test_it_finds_only_the_clients_own_published_prescriptions() -> None:
    mine = make_program()
    theirs = make_program()
    prescription = theirs.phases.first().prescriptions.first()
    mine_user = make_client_user(client=mine.client)
    theirs_user = make_client_user(client=theirs.client)
    assert plan_prescription(user=mine_user, prescription_id=prescription.pk) is None
    found = plan_prescription(user=theirs_user, prescription_id=prescription.pk)
    assert found is not None
    assert found == prescription
    assert found.phase.program.client == theirs.client


@pytest.mark.django_db
def test_it_summarises_recent_activity_for_the_coach() -> None:
    program = make_program()
    client = program.client
    prescriptions = list(
        program.phases.get(number=1).prescriptions.select_related("drill")
    )
    today = date(2026, 11, 20)
    completion_toggle(client=client, prescription=prescriptions[0], on_date=today)
    completion_toggle(client=client, prescription=prescriptions[1], on_date=today)
    completion_toggle(
        client=client, prescription=prescriptions[0], on_date=today - timedelta(days=20)
    )
    pain_report_save(
        client=client, on_date=today - timedelta(days=1), pain=6, note="sore"
    )
    pain_report_save(client=client, on_date=today, pain=2)
    activity = client_activity(client=client, today=today)
    assert [day.on_date for day in activity.days] == [today, today - timedelta(days=1)]
    assert len(activity.days[0].drills) == 2
    assert activity.days[1].pain_high and not activity.days[0].pain_high
    assert activity.drills_done == 2
    assert activity.high_pain_days == 1


@pytest.mark.parametrize(
    ("judged", "expected"),
    [
        # The re-test kept the client in this phase: its verdict per criterion.
        (
            {
                "phase": {"current": 2, "next": 2},
                "criteria": [
                    {
                        "text": "no knee valgus on the left step-down",
                        "status": "not_yet",
                    },
                    {"text": "left knee-to-wall >= 10 cm", "status": "met"},
                ],
            },
            (
                ("no knee valgus on the left step-down", "not yet"),
                ("left knee-to-wall at least 10 cm", "met"),
            ),
        ),
        # Moved on (or a first program): nothing judged yet.
        (
            {"phase": {"current": 1, "next": 2}, "criteria": []},
            (("pain at most 2/10", "checked at your next re-test"),),
        ),
        ({}, (("pain at most 2/10", "checked at your next re-test"),)),
    ],
)
def test_the_client_sees_each_exit_criterion_with_the_last_verdict(
    judged: dict, expected: tuple
) -> None:
    phase = Phase(number=2, name="Control", weeks=2, exit_criteria=["pain <= 2/10"])
    assert phase_criteria_words(proposal=judged, phase=phase) == expected

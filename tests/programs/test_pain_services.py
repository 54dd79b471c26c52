"""The pain rule of CLINICAL.md section 10 and what it writes: step downs, alerts, referrals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments.models import Referral
from assessments.referrals import client_referred
from clients.models import AuditEvent
from programs.models import Completion, Drill, PainAlert, Prescription, StepDown
from programs.pain import (
    PAIN_MONITORING,
    Advice,
    completion_pain_record,
    next_training_day,
    pain_advice,
    pain_rising,
    pain_today_stop,
)
from programs.pain_next_day import next_day_pain_record, next_day_question
from programs.pain_review import pain_alert_review, step_down_undo
from programs.plan.log import (
    completion_toggle,
    open_pain_alerts,
    open_pain_alerts_for_coach,
)
from tests.factory import make_coach, make_program

DAY = date(2026, 11, 24)  # a Tuesday
OK = PAIN_MONITORING.acceptable
STOP = PAIN_MONITORING.stop

# --- the pure rule --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("during", "next_day", "advice"),
    [
        (0, None, Advice.FINE),
        (OK, None, Advice.FINE),
        (OK + 1, None, Advice.STEP_DOWN),
        (STOP - 1, None, Advice.STEP_DOWN),
        (STOP, None, Advice.STOP),
        (10, None, Advice.STOP),
        (None, OK, Advice.FINE),
        (None, OK + 1, Advice.STEP_DOWN),
        (None, STOP, Advice.STOP),
        (2, OK + 1, Advice.STEP_DOWN),
        (None, None, Advice.FINE),
    ],
)
def test_it_reads_one_rating_by_the_thresholds(
    during: int | None, next_day: int | None, advice: Advice
) -> None:
    assert pain_advice(during=during, next_day=next_day) == advice


def test_it_keeps_the_stricter_figures_of_the_clinical_reference() -> None:
    assert (OK, STOP, PAIN_MONITORING.rising, PAIN_MONITORING.logs) == (3, 7, 2, 3)
    assert PAIN_MONITORING.source == "silbernagel-2007"


@pytest.mark.parametrize(
    ("pains", "rising"),
    [
        ([1, 2, 3], True),
        ([0, 0, 2], True),
        ([2, 2, 2], False),
        ([1, 2], False),  # two logs are not three
        ([3, 1, 5], False),  # it fell on the way
        ([1, 2, 2], False),  # up only 1
        ([5, 1, 2, 3], True),  # only the three latest count
        ([1, 3, 2], False),
    ],
)
def test_it_finds_pain_rising_over_the_three_latest_logs(
    pains: list[int], rising: bool
) -> None:
    assert pain_rising(pains) is rising


def test_the_next_training_day_is_the_next_calendar_day_without_a_schedule() -> None:
    assert next_training_day(DAY) == DAY + timedelta(days=1)


# --- writes ---------------------------------------------------------------------------


def drill_prescription(program, slug: str) -> Prescription:
    return Prescription.objects.select_related("drill", "phase__program").get(
        phase__program=program, drill__slug=slug
    )


@pytest.fixture
def program(db):
    return make_program()


@pytest.fixture
def stepped(program) -> Prescription:
    """A prescription whose drill has a rung below it."""
    return drill_prescription(program, "banded-ankle-distraction")


@pytest.fixture
def lowest(program) -> Prescription:
    """A prescription on the lowest rung of its ladder."""
    return drill_prescription(program, "calf-soleus-stretch")


def rate(prescription: Prescription, pain: int, *, on: date = DAY, note: str = ""):
    return completion_pain_record(
        client=prescription.phase.program.client,
        prescription=prescription,
        on_date=on,
        pain=pain,
        note=note,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("pain", [0, OK])
def test_it_says_carry_on_at_3_or_less(stepped: Prescription, pain: int) -> None:
    outcome = rate(stepped, pain)
    assert outcome.advice == Advice.FINE
    assert outcome.words(today=DAY) == "Fine, carry on."
    assert not StepDown.objects.exists() and not PainAlert.objects.exists()
    completion = Completion.objects.get(prescription=stepped, on_date=DAY)
    assert (completion.done, completion.pain) == (True, pain)


@pytest.mark.django_db
@pytest.mark.parametrize("pain", [OK + 1, STOP - 1])
def test_it_steps_down_one_rung_from_the_next_training_day_at_4_to_6(
    stepped: Prescription, pain: int
) -> None:
    outcome = rate(stepped, pain, note="sharp on the way down")
    assert outcome.advice == Advice.STEP_DOWN
    step = StepDown.objects.get()
    assert step.prescription == stepped
    assert step.drill.slug == "calf-soleus-stretch"
    assert step.drill.next_rung_id == stepped.drill_id
    assert step.starts_on == next_training_day(DAY)
    assert f"{pain}/10" in step.reason and stepped.drill.name in step.reason
    alert = PainAlert.objects.get()
    assert (alert.level, alert.pain_during, alert.note, alert.prescription) == (
        PainAlert.Level.STEP_DOWN,
        pain,
        "sharp on the way down",
        stepped,
    )
    assert step.alert == alert
    assert outcome.words(today=DAY) == (
        "Use the easier drill from your next training day. Your coach is told."
    )
    assert not client_referred(stepped.phase.program.client)


@pytest.mark.django_db
def test_it_stops_and_refers_at_7_or_more(stepped: Prescription) -> None:
    client = stepped.phase.program.client
    outcome = rate(stepped, STOP, note="could not finish")
    assert outcome.advice == Advice.STOP
    assert outcome.words(today=DAY) == "Stop, your coach is told."
    assert client_referred(client)
    referral = Referral.objects.get(client=client)
    assert referral.source == Referral.Source.CLIENT_REPORT
    assert referral.knee_pain == STOP and referral.red_flags == []
    assert "could not finish" in referral.client_note
    alert = PainAlert.objects.get()
    assert (alert.level, alert.pain_during) == (PainAlert.Level.STOP, STOP)
    assert not StepDown.objects.exists()


@pytest.mark.django_db
def test_it_alerts_the_coach_without_a_step_when_there_is_no_rung_below(
    lowest: Prescription,
) -> None:
    outcome = rate(lowest, OK + 2)
    assert outcome.advice == Advice.STEP_DOWN and outcome.step_downs == ()
    assert not StepDown.objects.exists()
    assert PainAlert.objects.get().level == PainAlert.Level.STEP_DOWN
    assert "Your coach is told" in outcome.words(today=DAY)


@pytest.mark.django_db
def test_it_never_steps_the_same_prescription_twice(stepped: Prescription) -> None:
    rate(stepped, OK + 1)
    rate(stepped, OK + 2, on=DAY + timedelta(days=1))
    assert StepDown.objects.count() == 1
    assert PainAlert.objects.count() == 2  # the coach still hears about it


@pytest.mark.django_db
def test_it_steps_again_only_after_the_coach_undid_the_first(
    stepped: Prescription,
) -> None:
    rate(stepped, OK + 1)
    step_down_undo(
        step_down=StepDown.objects.get(), user=stepped.phase.program.client.coach
    )
    rate(stepped, OK + 1, on=DAY + timedelta(days=1))
    assert StepDown.objects.filter(undone_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_it_refuses_a_second_rating_of_the_same_drill_and_day(
    stepped: Prescription,
) -> None:
    rate(stepped, 2)
    with pytest.raises(ValidationError):
        rate(stepped, 6)
    assert Completion.objects.get(prescription=stepped).pain == 2
    assert not PainAlert.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("pain", [-1, 11])
def test_it_refuses_a_rating_outside_0_to_10(stepped: Prescription, pain: int) -> None:
    with pytest.raises(ValidationError):
        rate(stepped, pain)
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_it_steps_down_when_pain_rises_by_2_over_three_logs_of_one_ladder(
    program,
    stepped: Prescription,
    lowest: Prescription,
) -> None:
    # Two ankle-ladder drills, three days: 1, 2, then 3 (each fine alone).
    assert stepped.drill.ladder == lowest.drill.ladder
    assert rate(lowest, 1, on=DAY).advice == Advice.FINE
    assert rate(stepped, 2, on=DAY + timedelta(days=1)).advice == Advice.FINE
    outcome = rate(stepped, 3, on=DAY + timedelta(days=2))
    assert outcome.advice == Advice.STEP_DOWN
    step = StepDown.objects.get()
    assert step.prescription == stepped
    assert "rose from 1/10 to 3/10" in step.reason
    assert step.starts_on == DAY + timedelta(days=3)


@pytest.mark.django_db
def test_it_does_not_call_pain_rising_across_ladders(program) -> None:
    squat = drill_prescription(program, "heel-elevated-goblet-squat")
    ankle = drill_prescription(program, "banded-ankle-distraction")
    rate(squat, 1, on=DAY)
    rate(ankle, 2, on=DAY + timedelta(days=1))
    assert rate(squat, 3, on=DAY + timedelta(days=2)).advice == Advice.FINE
    assert not StepDown.objects.exists()


@pytest.mark.django_db
def test_it_stores_the_easier_drill_on_completions_once_stepped(
    stepped: Prescription,
) -> None:
    client = stepped.phase.program.client
    rate(stepped, OK + 1)
    below = Drill.objects.get(slug="calf-soleus-stretch")
    later = next_training_day(DAY)
    rate(stepped, 1, on=later)
    assert Completion.objects.get(prescription=stepped, on_date=later).drill == below
    # The toggle stores the drill it was given.
    completion_toggle(
        client=client,
        prescription=stepped,
        on_date=later + timedelta(days=1),
        drill=below,
    )
    assert (
        Completion.objects.get(
            prescription=stepped, on_date=later + timedelta(days=1)
        ).drill
        == below
    )


# --- the next day ---------------------------------------------------------------------


def done_on(prescription: Prescription, day: date) -> None:
    completion_toggle(
        client=prescription.phase.program.client, prescription=prescription, on_date=day
    )


@pytest.mark.django_db
def test_it_asks_once_on_the_next_training_day(
    stepped: Prescription, lowest: Prescription
) -> None:
    client = stepped.phase.program.client
    done_on(stepped, DAY)
    done_on(lowest, DAY)
    today = next_training_day(DAY)
    question = next_day_question(client=client, today=today)
    assert question is not None and question.day == DAY
    assert question.question == (
        "How does your knee feel today, after yesterday's drills?"
    )
    assert set(question.drills) == {stepped.drill.name, lowest.drill.name}
    # Not on the day itself, nor two days later.
    assert next_day_question(client=client, today=DAY) is None
    assert next_day_question(client=client, today=today + timedelta(days=1)) is None
    assert next_day_pain_record(client=client, today=today, pain=2).advice == (
        Advice.FINE
    )
    assert set(
        Completion.objects.filter(on_date=DAY).values_list("pain_next_day", flat=True)
    ) == {2}
    assert next_day_question(client=client, today=today) is None
    with pytest.raises(ValidationError):
        next_day_pain_record(client=client, today=today, pain=5)


@pytest.mark.django_db
def test_it_asks_on_the_next_day_of_the_clients_schedule(
    stepped: Prescription,
) -> None:
    client = stepped.phase.program.client
    client.training_days = [0, 2, 4]  # Monday, Wednesday, Friday
    client.save()
    wednesday = DAY + timedelta(days=1)
    done_on(stepped, wednesday)
    assert next_training_day(wednesday, training_days=client.training_days) == (
        wednesday + timedelta(days=2)
    )
    # Thursday is a rest day: the question waits for Friday.
    assert next_day_question(client=client, today=wednesday + timedelta(days=1)) is None
    question = next_day_question(client=client, today=wednesday + timedelta(days=2))
    assert question is not None and question.day == wednesday
    assert question.question == (
        "How does your knee feel today, after your drills of Wednesday 25 November?"
    )


@pytest.mark.django_db
def test_drills_on_a_rest_day_are_asked_about_on_the_next_training_day(
    stepped: Prescription,
) -> None:
    client = stepped.phase.program.client
    client.training_days = [0, 2, 4]
    client.save()
    saturday = DAY + timedelta(days=4)
    done_on(stepped, saturday)
    monday = saturday + timedelta(days=2)
    assert next_day_question(client=client, today=saturday + timedelta(days=1)) is None
    assert next_day_question(client=client, today=monday) is not None


@pytest.mark.django_db
def test_it_does_not_ask_after_a_day_of_drills_undone(stepped: Prescription) -> None:
    done_on(stepped, DAY)
    done_on(stepped, DAY)  # undone
    client = stepped.phase.program.client
    assert next_day_question(client=client, today=next_training_day(DAY)) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pain", "advice", "steps"),
    [(OK, Advice.FINE, 0), (OK + 1, Advice.STEP_DOWN, 1), (STOP, Advice.STOP, 0)],
)
def test_it_reads_the_next_day_by_the_thresholds(
    stepped: Prescription, lowest: Prescription, pain: int, advice: Advice, steps: int
) -> None:
    client = stepped.phase.program.client
    done_on(stepped, DAY)
    done_on(lowest, DAY)
    today = next_training_day(DAY)
    outcome = next_day_pain_record(
        client=client, today=today, pain=pain, note="stiff stairs"
    )
    assert outcome.advice == advice
    # The lowest rung has no step; the other starts on the next training day: today.
    assert StepDown.objects.count() == steps
    if steps:
        step = StepDown.objects.get()
        assert (step.prescription, step.starts_on) == (stepped, today)
        assert f"{pain}/10 the day after" in step.reason
        assert outcome.words(today=today) == (
            "Use the easier drill from today. Your coach is told."
        )
    assert client_referred(client) is (advice == Advice.STOP)
    if advice != Advice.FINE:
        alert = PainAlert.objects.get()
        assert (alert.pain_next_day, alert.note, alert.on_date) == (
            pain,
            "stiff stairs",
            DAY,
        )


@pytest.mark.django_db
def test_a_day_pain_report_of_7_pauses_the_plan(program) -> None:
    client = program.client
    assert (
        pain_today_stop(client=client, today=DAY, pain=STOP - 1, program=program)
        is None
    )
    assert not client_referred(client)
    outcome = pain_today_stop(
        client=client, today=DAY, pain=STOP + 1, note="awful", program=program
    )
    assert outcome is not None
    assert outcome.advice == Advice.STOP and client_referred(client)
    assert f"{STOP + 1}/10" in PainAlert.objects.get().note


# --- the coach's side ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_coach_reviews_an_alert_with_an_audit_line(stepped: Prescription) -> None:
    client = stepped.phase.program.client
    rate(stepped, OK + 1)
    alert = PainAlert.objects.get()
    reviewed = pain_alert_review(alert=alert, user=client.coach)
    assert reviewed.reviewed_by == client.coach and reviewed.reviewed_at is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.REVIEWED_PAIN)
    assert (event.actor, event.client, event.object_id) == (
        client.coach,
        client,
        alert.pk,
    )
    assert open_pain_alerts(client) == []
    with pytest.raises(ValidationError):
        pain_alert_review(alert=alert, user=client.coach)


@pytest.mark.django_db
def test_the_coach_undoes_a_step_down_with_an_audit_line(stepped: Prescription) -> None:
    client = stepped.phase.program.client
    rate(stepped, OK + 1)
    step = step_down_undo(step_down=StepDown.objects.get(), user=client.coach)
    assert step.undone_by == client.coach and step.undone_at is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.UNDID_STEP_DOWN, object_id=step.pk, client=client
    ).exists()
    with pytest.raises(ValidationError):
        step_down_undo(step_down=step, user=client.coach)


@pytest.mark.django_db
def test_another_coach_can_neither_review_nor_undo(stepped: Prescription) -> None:
    rate(stepped, OK + 1)
    stranger = make_coach()
    with pytest.raises(PermissionDenied):
        pain_alert_review(alert=PainAlert.objects.get(), user=stranger)
    with pytest.raises(PermissionDenied):
        step_down_undo(step_down=StepDown.objects.get(), user=stranger)
    assert PainAlert.objects.get().reviewed_at is None
    assert StepDown.objects.get().undone_at is None
    assert not AuditEvent.objects.filter(
        action__in=[
            AuditEvent.Action.REVIEWED_PAIN,
            AuditEvent.Action.UNDID_STEP_DOWN,
        ]
    ).exists()


@pytest.mark.django_db
def test_it_lists_open_alerts_for_the_coach_with_drills_and_figures(
    stepped: Prescription, lowest: Prescription, django_assert_max_num_queries
) -> None:
    client = stepped.phase.program.client
    client.training_days = list(range(7))  # Thursday is a training day too
    client.save()
    rate(stepped, OK + 2, note="sharp")
    done_on(lowest, DAY + timedelta(days=1))
    next_day_pain_record(client=client, today=DAY + timedelta(days=2), pain=OK + 1)
    with django_assert_max_num_queries(3):
        alerts = open_pain_alerts_for_coach(client.coach)
    assert [a.client for a in alerts] == [client, client]
    newest, oldest = alerts
    assert newest.drills == (lowest.drill.name,)
    assert newest.pain_next_day == OK + 1 and newest.pain_during is None
    assert oldest.drills == (stepped.drill.name,)
    assert (oldest.pain_during, oldest.note) == (OK + 2, "sharp")
    assert [step.drill.slug for step in oldest.step_downs] == ["calf-soleus-stretch"]
    assert oldest.summary == (
        f"Knee {OK + 2}/10 during {stepped.drill.name} on Tuesday 24 November."
    )
    assert oldest.action.startswith("Stepped down to Calf")
    assert open_pain_alerts(client) == alerts
    assert open_pain_alerts_for_coach(make_coach()) == []


@pytest.mark.django_db
def test_it_keeps_the_coach_list_to_a_fixed_number_of_queries(
    django_assert_max_num_queries,
) -> None:
    coach = make_coach()
    for _ in range(4):
        program = make_program(
            session=None,
        )
        program.client.coach = coach
        program.client.save(update_fields=["coach"])
        prescription = drill_prescription(program, "banded-ankle-distraction")
        rate(prescription, OK + 1)
        done_on(prescription, timezone.localdate())
    with django_assert_max_num_queries(3):
        assert len(open_pain_alerts_for_coach(coach)) == 4

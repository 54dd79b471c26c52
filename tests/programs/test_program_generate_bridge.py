"""program_generate passes where the client is and what they logged to the engine (contract version 2)."""

from __future__ import annotations

from datetime import date

import pytest

from programs.models import Completion, Prescription, Program, StepDown
from programs.services import current_program_input, pain_log, program_generate
from tests.factory import make_client, make_program, make_session

pytestmark = pytest.mark.django_db


def knee_control(program, number: int) -> Prescription:
    return Prescription.objects.select_related("drill").get(
        phase__program=program, phase__number=number, drill__ladder="knee_control"
    )


def published_with_knee_control():
    client = make_client()
    program = make_program(
        session=make_session(
            client=client,
            assessed_on=date(2026, 10, 1),
            step_down_valgus_left=True,
            heels_rise=False,
        )
    )
    return client, program


def rungs(program: Program) -> dict[str, str]:
    current = current_program_input(program)
    assert current is not None
    return dict(current.rungs)


def test_it_reads_the_current_phases_rungs_not_another_phases() -> None:
    client, program = published_with_knee_control()
    in_phase_1 = knee_control(program, 1).drill
    # A step down in phase 2 is not where the client is while in phase 1.
    second = knee_control(program, 2)
    StepDown.objects.create(
        client=client,
        prescription=second,
        drill=second.drill.__class__.objects.get(next_rung=second.drill),
        starts_on=date(2026, 10, 20),
        reason="Your knee hurt 5/10.",
    )

    now = current_program_input(program, on=date(2026, 11, 1))

    assert now is not None
    assert now.phase == 1  # the model has no current phase yet: phase 1
    assert dict(now.rungs)["knee_control"] == in_phase_1.slug
    assert now.started_on == program.published_at.date()


def test_the_current_rung_is_the_prescribed_one_not_a_live_step_down() -> None:
    client, program = published_with_knee_control()
    current = knee_control(program, 1)
    # The coach had moved phase 1 up a rung; the pain rule stepped it back down.
    harder = current.drill.next_rung
    assert harder is not None
    Prescription.objects.filter(pk=current.pk).update(drill=harder)
    step = StepDown.objects.create(
        client=client,
        prescription=current,
        drill=current.drill,
        starts_on=date(2026, 10, 20),
        reason="Your knee hurt 5/10.",
    )

    # The pain behind the step down is in the log: the engine moves the ladder
    # from the prescribed rung, once.
    assert rungs(program)["knee_control"] == harder.slug
    step.undone_at = step.created_at
    step.save(update_fields=["undone_at"])
    assert rungs(program)["knee_control"] == harder.slug


def test_the_log_is_the_pain_since_the_previous_session_with_the_drill_done() -> None:
    client, program = published_with_knee_control()
    prescription = knee_control(program, 1)
    easier = prescription.drill
    for day, pain, drill in (
        (date(2026, 9, 30), 6, None),  # before the previous session: not read
        (date(2026, 10, 10), 5, None),
        (date(2026, 10, 12), None, easier),
    ):
        Completion.objects.create(
            prescription=prescription,
            client=client,
            on_date=day,
            pain=pain,
            pain_next_day=4 if pain is None else None,
            drill=drill,
        )
    Completion.objects.create(
        prescription=prescription, client=client, on_date=date(2026, 10, 11)
    )  # no pain given: not in the log

    log = pain_log(client=client, since=date(2026, 10, 1), until=date(2026, 11, 1))

    assert [(e.on, e.drill, e.pain_during, e.pain_next_day) for e in log] == [
        (date(2026, 10, 10), prescription.drill.slug, 5, None),
        (date(2026, 10, 12), easier.slug, None, 4),
    ]


def test_a_logged_five_steps_the_ladder_down_in_the_proposal() -> None:
    client, program = published_with_knee_control()
    current = knee_control(program, 1)
    harder = current.drill.next_rung
    assert harder is not None
    Prescription.objects.filter(pk=current.pk).update(drill=harder)
    Completion.objects.create(
        prescription=current,
        client=client,
        on_date=date(2026, 10, 15),
        pain=5,
    )
    later = make_session(
        client=client,
        assessed_on=date(2026, 11, 1),
        step_down_valgus_left=True,
        heels_rise=False,
    )

    proposal = program_generate(session=later, user=client.coach)

    first = proposal.phases.order_by("number").first()
    assert first is not None
    row = knee_control(proposal, first.number)
    assert (row.drill.slug, row.move) == (current.drill.slug, "down")
    assert row.move_reason == f"knee pain 5/10 during {harder.name} on 15 October"

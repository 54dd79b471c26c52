"""The program-editing services: rules, optimistic locking and order, without the views."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clients.models import User
from programs.editing import (
    EditRefused,
    drill_search,
    prescription_add,
    prescription_move,
    prescription_remove,
    prescription_swap,
    prescription_update,
    program_archive_active,
    program_publish_draft,
)
from programs.models import Drill, Prescription, Program
from programs.services import StaleProgram
from tests.factory import load_library, make_coach, make_program, make_session

pytestmark = pytest.mark.django_db


def make_draft(**session_fields: Any) -> Program:
    load_library()
    return make_program(session=make_session(**session_fields), publish=False)


def phase_order(program: Program, number: int = 1) -> list[int]:
    return list(
        Prescription.objects.filter(phase__program=program, phase__number=number)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    )


def make_private_drill(*, owner: User, slug: str, **fields: Any) -> Drill:
    values = {
        "name": slug.title(),
        "ladder": "custom",
        "region": "knee",
        "purpose": "control",
        "reps": 10,
        "instructions": "x",
    }
    values.update(fields)
    return Drill.objects.create(slug=slug, owner=owner, **values)


def test_it_keeps_the_extra_set_of_the_weaker_side_across_a_swap() -> None:
    program = make_draft()
    prescription = Prescription.objects.get(
        phase__program=program, phase__number=1, drill__slug="calf-soleus-stretch"
    )
    default = prescription.drill.sets
    assert prescription.sets == default + 1
    prescription_swap(prescription=prescription, direction="up", seen_version=1)
    prescription.refresh_from_db()
    assert prescription.drill.slug == "banded-ankle-distraction"
    assert (
        prescription.sets == Drill.objects.get(slug="banded-ankle-distraction").sets + 1
    )
    assert prescription.reasons == [
        "ankle_dorsiflexion_restricted",
        "dorsiflexion_asymmetry",
        "heel_rise",
    ]


def test_it_clears_the_builders_move_note_when_the_coach_swaps() -> None:
    program = make_draft()
    prescription = Prescription.objects.filter(phase__program=program).first()
    assert prescription is not None
    Prescription.objects.filter(pk=prescription.pk).update(
        move="up", move_reason="left knee-to-wall improved"
    )
    prescription.refresh_from_db()
    prescription_swap(prescription=prescription, direction="up", seen_version=1)
    prescription.refresh_from_db()
    assert (prescription.move, prescription.move_reason) == ("", "")


def test_it_refuses_every_edit_with_a_stale_version() -> None:
    program = make_draft()
    prescription = (
        Prescription.objects.filter(phase__program=program, phase__number=1)
        .order_by("order")
        .first()
    )
    assert prescription is not None
    Program.objects.filter(pk=program.pk).update(version=2)
    phase = prescription.phase
    edits = [
        lambda: prescription_swap(
            prescription=prescription, direction="up", seen_version=1
        ),
        lambda: prescription_update(
            prescription=prescription,
            seen_version=1,
            sets=4,
            reps=10,
            seconds=None,
            tempo="",
            side="",
        ),
        lambda: prescription_move(
            prescription=prescription, direction="down", seen_version=1
        ),
        lambda: prescription_remove(prescription=prescription, seen_version=1),
        lambda: prescription_add(
            phase=phase,
            drill=Drill.objects.get(slug="clamshell"),
            coach=program.client.coach,
            seen_version=1,
        ),
        lambda: program_publish_draft(
            program=program, seen_version=1, user=program.client.coach
        ),
        lambda: program_archive_active(program=program, seen_version=1),
    ]
    before = list(
        Prescription.objects.filter(phase__program=program).values_list(
            "pk", "drill_id", "sets", "order"
        )
    )
    for edit in edits:
        with pytest.raises(StaleProgram):
            edit()
        prescription.refresh_from_db()
    after = list(
        Prescription.objects.filter(phase__program=program).values_list(
            "pk", "drill_id", "sets", "order"
        )
    )
    assert after == before
    program.refresh_from_db()
    assert (program.version, program.status) == (2, Program.Status.DRAFT)


def test_it_validates_the_dose_before_saving() -> None:
    program = make_draft()
    prescription = Prescription.objects.filter(phase__program=program).first()
    assert prescription is not None
    with pytest.raises(ValidationError):
        prescription_update(
            prescription=prescription,
            seen_version=1,
            sets=3,
            reps=None,
            seconds=None,
            tempo="",
            side="",
        )
    assert Program.objects.get(pk=program.pk).version == 1


def test_it_moves_within_a_phase_and_renumbers() -> None:
    program = make_draft()
    first, second = phase_order(program)
    Prescription.objects.filter(pk__in=[first, second]).update(order=0)
    moved = Prescription.objects.get(pk=second)
    prescription_move(prescription=moved, direction="up", seen_version=1)
    assert phase_order(program) == [second, first]
    assert list(
        Prescription.objects.filter(pk__in=[second, first])
        .order_by("order")
        .values_list("order", flat=True)
    ) == [0, 1]
    with pytest.raises(EditRefused, match="already first"):
        prescription_move(prescription=moved, direction="up", seen_version=2)


def test_it_adds_with_the_drill_default_dose_and_the_findings_it_answers() -> None:
    program = make_draft()
    phase = program.phases.get(number=2)
    drill = Drill.objects.get(slug="knee-to-wall-rocks")
    added = prescription_add(
        phase=phase, drill=drill, coach=program.client.coach, seen_version=1
    )
    assert added.order == phase.prescriptions.count() - 1
    assert added.side == ("both" if drill.per_side else "")
    codes = {finding["code"] for finding in program.findings}
    assert added.reasons
    assert set(added.reasons) <= codes & set(drill.finding_codes)


def test_it_refuses_retired_and_other_coaches_drills() -> None:
    program = make_draft()
    phase = program.phases.get(number=1)
    coach = program.client.coach
    theirs = make_private_drill(owner=make_coach(), slug="theirs")
    retired = make_private_drill(owner=coach, slug="retired", retired_at=timezone.now())
    for drill in (theirs, retired):
        with pytest.raises(EditRefused, match="not in your drill library"):
            prescription_add(phase=phase, drill=drill, coach=coach, seen_version=1)
    mine = make_private_drill(owner=coach, slug="mine")
    assert (
        prescription_add(phase=phase, drill=mine, coach=coach, seen_version=1).drill
        == mine
    )


def test_it_searches_by_every_word() -> None:
    load_library()
    coach = make_coach()
    names = [drill.name for drill in drill_search(coach=coach, query="single leg")]
    assert names
    assert all("single" in name.lower() and "leg" in name.lower() for name in names)
    assert drill_search(coach=coach, query="no such drill anywhere") == []


def test_it_refuses_edits_to_an_archived_program() -> None:
    program = make_draft()
    program_archive_active(program=program, seen_version=1)
    prescription = Prescription.objects.filter(phase__program=program).first()
    assert prescription is not None
    with pytest.raises(EditRefused, match="archived"):
        prescription_swap(prescription=prescription, direction="up", seen_version=2)
    with pytest.raises(EditRefused, match="Only a draft"):
        program_publish_draft(
            program=program, seen_version=2, user=program.client.coach
        )

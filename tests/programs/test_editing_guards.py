"""Each refusal of the program-editing services, one by one: remove a guard and a test here fails."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from programs.editing import (
    EditRefused,
    prescription_add,
    prescription_move,
    prescription_remove,
    prescription_swap,
    prescription_update,
    program_archive_active,
)
from programs.models import Drill, Prescription, Program
from tests.factory import load_library, make_program, make_session

pytestmark = pytest.mark.django_db


def make_draft() -> Program:
    load_library()
    return make_program(session=make_session(), publish=False)


def first_two(program: Program) -> tuple[Prescription, Prescription]:
    rows = Prescription.objects.filter(phase__program=program, phase__number=1)
    first, second = rows.order_by("order", "id")[:2]
    return first, second


EDITS: dict[str, Callable[[Program, Prescription], object]] = {
    "update": lambda program, row: prescription_update(
        prescription=row,
        seen_version=program.version,
        sets=row.sets + 1,
        reps=row.reps,
        seconds=row.seconds,
        tempo=row.tempo,
        side=row.side,
    ),
    # The second row moves up: a move that is possible on a draft.
    "move": lambda program, row: prescription_move(
        prescription=first_two(program)[1], direction="up", seen_version=program.version
    ),
    "remove": lambda program, row: prescription_remove(
        prescription=row, seen_version=program.version
    ),
    "add": lambda program, row: prescription_add(
        phase=row.phase,
        drill=Drill.objects.get(slug="clamshell"),
        coach=program.client.coach,
        seen_version=program.version,
    ),
    "swap": lambda program, row: prescription_swap(
        prescription=row, direction="up", seen_version=program.version
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_archived_program_refuses_every_edit(edit: str) -> None:
    program = make_draft()
    program_archive_active(program=program, seen_version=program.version)
    program.refresh_from_db()
    row = Prescription.objects.filter(
        phase__program=program, drill__next_rung__isnull=False
    ).order_by("id")[0]
    before = list(
        Prescription.objects.filter(phase__program=program)
        .order_by("id")
        .values_list("id", "drill_id", "order", "sets")
    )
    with pytest.raises(EditRefused, match="archived"):
        EDITS[edit](program, row)
    assert Program.objects.get(pk=program.pk).version == program.version
    after = list(
        Prescription.objects.filter(phase__program=program)
        .order_by("id")
        .values_list("id", "drill_id", "order", "sets")
    )
    assert after == before


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_the_same_edits_pass_on_a_draft(edit: str) -> None:
    """The refusal above is the archive's doing: on a draft each edit goes through."""
    program = make_draft()
    row = Prescription.objects.filter(
        phase__program=program, drill__next_rung__isnull=False
    ).order_by("id")[0]
    EDITS[edit](program, row)
    assert Program.objects.get(pk=program.pk).version == program.version + 1


def test_a_swap_never_lands_on_a_retired_rung() -> None:
    program = make_draft()
    row = Prescription.objects.filter(
        phase__program=program, drill__next_rung__isnull=False
    ).order_by("id")[0]
    harder = row.drill.next_rung
    assert harder is not None
    Drill.objects.filter(pk=harder.pk).update(retired_at=timezone.now())
    with pytest.raises(EditRefused, match="retired"):
        prescription_swap(
            prescription=Prescription.objects.get(pk=row.pk),
            direction="up",
            seen_version=1,
        )
    row.refresh_from_db()
    assert row.drill_id != harder.pk
    assert Program.objects.get(pk=program.pk).version == 1


def test_an_archived_program_is_not_archived_again() -> None:
    program = make_draft()
    program_archive_active(program=program, seen_version=1)
    with pytest.raises(EditRefused, match="already archived"):
        program_archive_active(
            program=Program.objects.get(pk=program.pk), seen_version=2
        )
    assert Program.objects.get(pk=program.pk).version == 2

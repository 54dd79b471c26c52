"""Coach edits to a program: swap, dose, reorder, remove, add, publish, archive.

Every edit checks the version the coach saw (optimistic locking through
programs.services._bump) inside the same transaction as its write, so two
people saving at once can never silently overwrite each other.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q, QuerySet

from clients.models import AuditEvent, User
from clients.records import audit_record
from programs.exclusions import ProgramLimits, exclusion, load_block, program_limits
from programs.models import Drill, Phase, Prescription, Program
from programs.services import _bump, previous_rung, program_archive, program_publish

SEARCH_LIMIT = 20
OVERRIDE_REASON_MIN = 10


class EditRefused(Exception):
    """The edit breaks a rule; the message says which, in the coach's words."""


def _check_editable(program: Program) -> None:
    if program.status == Program.Status.ARCHIVED:
        raise EditRefused("This program is archived and can no longer be edited.")


def drills_for_coach(coach: User) -> QuerySet[Drill]:
    """Drills a coach may prescribe: the shared library and their own private drills, none retired."""
    return Drill.objects.available().filter(Q(owner__isnull=True) | Q(owner=coach))


def drill_search(*, coach: User, query: str, limit: int = SEARCH_LIMIT) -> list[Drill]:
    """Drills whose name, ladder, region or purpose holds every word of the query."""
    drills = drills_for_coach(coach)
    for word in query.split()[:5]:
        drills = drills.filter(
            Q(name__icontains=word)
            | Q(ladder__icontains=word)
            | Q(region__icontains=word)
            | Q(purpose__icontains=word)
        )
    return list(drills.order_by("ladder", "rung", "name")[:limit])


@transaction.atomic
def prescription_swap(
    *, prescription: Prescription, direction: str, seen_version: int
) -> Prescription:
    """Swap the drill for the rung below ("down") or above ("up") on its ladder, keeping side and reasons."""
    program = prescription.phase.program
    _check_editable(program)
    current = prescription.drill
    target = previous_rung(current) if direction == "down" else current.next_rung
    if target is None:
        where = "easier" if direction == "down" else "harder"
        raise EditRefused(f"{current.name} has no {where} rung on its ladder.")
    if target.retired_at is not None:
        raise EditRefused(f"{target.name} is retired from the library.")
    # A ladder may lead to another coach's private drill (a library file made it
    # a next rung): never into this coach's program.
    if not drills_for_coach(program.client.coach).filter(pk=target.pk).exists():
        raise EditRefused(f"{target.name} is not in your drill library.")
    limits = _limits(program)
    refusal = load_block(
        target, limits=limits, phase_number=prescription.phase.number
    ) or exclusion(target, limits=limits)
    if refusal:
        raise EditRefused(refusal)
    _bump(program, seen_version)
    # Keep any extra sets the coach or the builder added over the old default
    # (the weaker side's extra set), on top of the new rung's own dose.
    extra_sets = prescription.sets - current.sets
    prescription.drill = target
    prescription.sets = min(max(target.sets + extra_sets, 1), 10)
    prescription.reps = target.reps
    prescription.seconds = target.seconds
    prescription.tempo = target.tempo
    # The builder's up/hold/down note described the old drill.
    prescription.move = ""
    prescription.move_reason = ""
    prescription.full_clean()
    prescription.save(
        update_fields=[
            "drill",
            "sets",
            "reps",
            "seconds",
            "tempo",
            "move",
            "move_reason",
            "updated_at",
        ]
    )
    return prescription


@transaction.atomic
def prescription_update(
    *,
    prescription: Prescription,
    seen_version: int,
    sets: int,
    reps: int | None,
    seconds: int | None,
    tempo: str,
    side: str,
) -> Prescription:
    """Change the dose and side of one prescription."""
    program = prescription.phase.program
    _check_editable(program)
    prescription.sets = sets
    prescription.reps = reps
    prescription.seconds = seconds
    prescription.tempo = tempo
    prescription.side = side
    prescription.full_clean()
    _bump(program, seen_version)
    prescription.save(
        update_fields=["sets", "reps", "seconds", "tempo", "side", "updated_at"]
    )
    return prescription


@transaction.atomic
def prescription_move(
    *, prescription: Prescription, direction: str, seen_version: int
) -> Prescription:
    """Move a prescription one place up or down within its phase."""
    program = prescription.phase.program
    _check_editable(program)
    siblings = list(
        Prescription.objects.filter(phase_id=prescription.phase_id).order_by(
            "order", "id"
        )
    )
    index = next(
        i for i, sibling in enumerate(siblings) if sibling.pk == prescription.pk
    )
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        raise EditRefused(
            f"{prescription.drill.name} is already {'first' if direction == 'up' else 'last'} in its phase."
        )
    _bump(program, seen_version)
    siblings[index], siblings[other] = siblings[other], siblings[index]
    changed = []
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            sibling.order = order
            changed.append(sibling)
    Prescription.objects.bulk_update(changed, ["order"])
    prescription.order = other
    return prescription


@transaction.atomic
def prescription_remove(*, prescription: Prescription, seen_version: int) -> None:
    program = prescription.phase.program
    _check_editable(program)
    # Deleting would delete the client's logged completions with it.
    if prescription.completions.exists():
        raise EditRefused(
            f"The client has already logged {prescription.drill.name}, so it stays to keep their history. "
            "Swap it for another rung or change its dose instead."
        )
    _bump(program, seen_version)
    prescription.delete()


def _limits(program: Program) -> ProgramLimits:
    return program_limits(
        program=program, client_codes=program.client.contraindication_codes
    )


@transaction.atomic
def prescription_add(
    *,
    phase: Phase,
    drill: Drill,
    coach: User,
    seen_version: int,
    override_reason: str = "",
) -> Prescription:
    """Add a library drill at the end of a phase with its default dose.

    A drill the client's contraindications (or the assessment's pain) exclude is
    added only with the coach's written reason, kept on the prescription and
    audited; a loaded drill in Restore or Control after a referral never is.
    """
    program = phase.program
    _check_editable(program)
    if not drills_for_coach(coach).filter(pk=drill.pk).exists():
        raise EditRefused(f"{drill.name} is not in your drill library.")
    limits = _limits(program)
    blocked = load_block(drill, limits=limits, phase_number=phase.number)
    if blocked:
        raise EditRefused(blocked)
    excluded = exclusion(drill, limits=limits)
    override_reason = override_reason.strip()
    if excluded and len(override_reason) < OVERRIDE_REASON_MIN:
        raise EditRefused(
            f"{excluded} To add it anyway, write why in a sentence (at least {OVERRIDE_REASON_MIN} characters)."
        )
    _bump(program, seen_version)
    last = phase.prescriptions.aggregate(last=Max("order"))["last"]
    codes = {
        finding.get("code") for finding in program.findings if isinstance(finding, dict)
    }
    prescription = Prescription(
        phase=phase,
        drill=drill,
        order=0 if last is None else last + 1,
        side="both" if drill.per_side else "",
        sets=drill.sets,
        reps=drill.reps,
        seconds=drill.seconds,
        tempo=drill.tempo,
        reasons=[code for code in drill.finding_codes if code in codes],
        override_reason=override_reason if excluded else "",
    )
    prescription.full_clean()
    prescription.save()
    if excluded:
        audit_record(
            actor=coach,
            client=program.client_id,
            action=AuditEvent.Action.ADDED_EXCLUDED_DRILL,
            object_id=prescription.pk,
        )
    return prescription


def program_publish_draft(
    *, program: Program, seen_version: int, user: User
) -> Program:
    """Publish a draft (the client sees it); the client's previous published program is archived."""
    if program.status != Program.Status.DRAFT:
        raise EditRefused(
            f"Only a draft can be published; this program is {program.get_status_display().lower()}."
        )
    return program_publish(program=program, seen_version=seen_version, user=user)


def program_archive_active(*, program: Program, seen_version: int) -> Program:
    if program.status == Program.Status.ARCHIVED:
        raise EditRefused("This program is already archived.")
    return program_archive(program=program, seen_version=seen_version)

"""The bridge between programs, the drill library and the pure builders."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.core.contract import AssessRequest
from assessments.core.contract_output import (
    dropped_to_json,
    result_to_json,
    skipped_to_json,
)
from assessments.core.types import CurrentProgram, LogEntry
from assessments.models import AssessmentSession
from assessments.referrals import ensure_programming_allowed, session_clearance
from assessments.services import previous_session, session_input
from clients.models import AuditEvent, Client, User
from clients.records import audit_record
from programs.models import Completion, Drill, Phase, Prescription, Program
from programs.progression.builder import CatalogueDrill
from programs.progression.builder import Phase as PlannedPhase
from programs.progression.proposal import Proposal, propose

PHASE_GOALS = {
    "Restore": "Get back the range and switch on the muscles that should be working.",
    "Control": "Own the movement: the knee tracks over the middle toe, slowly and under control.",
    "Strengthen": "Add load gradually so the new pattern holds when it matters.",
}


class StaleProgram(Exception):
    """Someone else saved this program since it was opened."""


class ProgramNotReady(Exception):
    """The session cannot produce a program (a draft, or nothing to prescribe)."""


def drill_catalogue(
    *, owner: User | None = None, drills: QuerySet[Drill] | None = None
) -> tuple[CatalogueDrill, ...]:
    """Available drills as the builder sees them; a coach's private drills only when asked."""
    if drills is None:
        visible = (
            Q(owner__isnull=True)
            if owner is None
            else Q(owner__isnull=True) | Q(owner=owner)
        )
        drills = Drill.objects.available().filter(visible)
    rows = list(drills.select_related("next_rung").order_by("ladder", "rung", "slug"))
    previous = {row.next_rung.slug: row.slug for row in rows if row.next_rung}
    return tuple(
        CatalogueDrill(
            slug=row.slug,
            name=row.name,
            ladder=row.ladder,
            rung=row.rung,
            region=row.region,
            purpose=row.purpose,
            loaded=row.loaded,
            sets=row.sets,
            reps=row.reps,
            seconds=row.seconds,
            tempo=row.tempo or None,
            per_side=row.per_side,
            cues=tuple(row.cues),
            finding_codes=tuple(row.finding_codes),
            # The codes, not the words for people in `row.contraindications`.
            contraindications=tuple(row.contraindication_codes),
            max_pain=row.max_pain,
            previous_slug=previous.get(row.slug),
            next_slug=row.next_rung.slug if row.next_rung else None,
        )
        for row in rows
    )


def assess_document(
    *, request: AssessRequest, catalogue: tuple[CatalogueDrill, ...]
) -> dict:
    """The findings contract: one JSON-ready document for a request (DESIGN.md, version 2)."""
    return proposal_to_json(propose(request=request, catalogue=catalogue))


def proposal_to_json(proposal: Proposal) -> dict:
    progression = proposal.progression
    return result_to_json(
        findings=proposal.findings,
        progression=progression.phases,
        changes=proposal.changes,
        status=proposal.status,
        skipped=progression.skipped,
        unaddressed=progression.unaddressed,
        ladders=progression.ladders,
        dropped=progression.dropped,
        phase=proposal.phase,
    )


def drill_ladders(catalogue: tuple[CatalogueDrill, ...]) -> dict[str, str]:
    """Slug -> ladder of every drill, to check the slugs of a request against the library."""
    return {drill.slug: drill.ladder for drill in catalogue}


def previous_rungs(program: Program | None) -> dict[str, str]:
    """Ladder (and side) -> slug the client reached in the last phase of a program."""
    if program is None:
        return {}
    last = program.phases.order_by("-number").first()
    if last is None:
        return {}
    rungs: dict[str, str] = {}
    for prescription in last.prescriptions.select_related("drill"):
        key = prescription.drill.ladder
        if prescription.side in ("left", "right"):
            key = f"{key}:{prescription.side}"
        rungs[key] = prescription.drill.slug
    return rungs


def current_program(client: Client) -> Program | None:
    return Program.objects.filter(
        client=client, status=Program.Status.PUBLISHED
    ).first()


def program_started_on(program: Program) -> date:
    """The day a program began for the client: the day it was published (local time)."""
    return timezone.localdate(program.published_at or program.created_at)


def phase_started_on(program: Program) -> date:
    """The day the current phase began (the published day for the first one)."""
    return program.phase_started_on or program_started_on(program)


def current_program_input(
    program: Program, *, on: date | None = None
) -> CurrentProgram | None:
    """Where the client is now in a published program: its phase and the rung of each ladder.

    The phase is `Program.current_phase`, begun on `Program.phase_started_on` (the
    published day for the first one). The rung is the prescribed one, not a live
    step down's: the pain that made the step down is in the log, and the engine's
    pain rule moves the ladder one rung down from here (counting both would move
    it twice). Two sides on different rungs of one ladder count as the
    lower one: a ladder has one rung for both sides (CLINICAL.md section 11).
    """
    phase_number = program.current_phase or 1
    phase = program.phases.filter(number=phase_number).first()
    if phase is None:
        phase = program.phases.order_by("number").first()
    if phase is None:
        return None
    prescriptions = list(phase.prescriptions.select_related("drill"))
    rungs: dict[str, Drill] = {}
    for prescription in prescriptions:
        drill = prescription.drill
        if not drill.ladder:
            continue
        held = rungs.get(drill.ladder)
        if held is None or drill.rung < held.rung:
            rungs[drill.ladder] = drill
    return CurrentProgram(
        phase=phase.number,
        started_on=phase_started_on(program),
        rungs=tuple(sorted((ladder, drill.slug) for ladder, drill in rungs.items())),
    )


def pain_log(
    *, client: Client, since: date | None, until: date | None
) -> tuple[LogEntry, ...]:
    """Pain per drill logged after `since` up to `until` (one query): what the engine's pain rule reads.

    The drill is the one the client did: a step down's easier drill, else the prescribed one.
    """
    rows = Completion.objects.filter(client=client, done=True).filter(
        Q(pain__isnull=False) | Q(pain_next_day__isnull=False)
    )
    if since is not None:
        rows = rows.filter(on_date__gt=since)
    if until is not None:
        rows = rows.filter(on_date__lte=until)
    return tuple(
        LogEntry(on=on, drill=slug, pain_during=during, pain_next_day=next_day)
        for on, slug, during, next_day in rows.order_by("on_date", "id").values_list(
            "on_date",
            Coalesce(F("drill__slug"), F("prescription__drill__slug")),
            "pain",
            "pain_next_day",
        )
    )


def _clip(words: str, limit: int = 300) -> str:
    # Prescription.move_reason holds 300 characters; PostgreSQL refuses more.
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


@transaction.atomic
def program_generate(*, session: AssessmentSession, user: User) -> Program:
    """A draft program from a final session; with a published program it proposes the next one.

    The proposal starts from where the client is now (the published program's
    phase and rungs, step downs included) and reads the pain logged since the
    previous session, through the same pure call as `manage.py assess`.
    """
    if not session.is_final:
        raise ProgramNotReady("Finalise the session before generating a program.")
    ensure_programming_allowed(client=session.client, session=session)
    current = session_input(session)
    previous = previous_session(session)
    before = session_input(previous) if previous is not None else None
    published = current_program(session.client)
    catalogue = drill_catalogue(owner=user if user.use_private_drills else None)
    program_now = (
        current_program_input(published, on=session.assessed_on)
        if published is not None
        else None
    )
    if program_now is not None and before is not None and before.assessed_on:
        since = before.assessed_on
    elif program_now is not None:
        since = program_now.started_on - timedelta(days=1)
    else:
        since = None
    request = AssessRequest(
        session=current,
        previous=before,
        contraindications=tuple(session.client.contraindication_codes),
        clearance=session_clearance(session),
        current_program=program_now,
        log=(
            pain_log(client=session.client, since=since, until=session.assessed_on)
            if program_now is not None
            else ()
        ),
    )
    proposal = propose(request=request, catalogue=catalogue)
    progression = proposal.progression
    document = result_to_json(
        findings=proposal.findings, progression=(), changes=proposal.changes
    )
    program = Program.objects.create(
        client=session.client,
        source_session=session,
        previous_program=published,
        refer_out=proposal.findings.refer_out,
        findings=document["findings"],
        changes=document["changes"],
        engine_status=proposal.status,
        skipped=[skipped_to_json(item) for item in progression.skipped],
        unaddressed=list(progression.unaddressed),
        proposal=_proposal_json(proposal),
        created_by=user,
    )
    _store_phases(program, progression.phases, catalogue)
    audit_record(
        actor=user,
        client=program.client_id,
        action=AuditEvent.Action.GENERATED_PROGRAM,
        object_id=program.pk,
    )
    return program


def _proposal_json(proposal: Proposal) -> dict:
    """What the program page says of a re-assessment beyond the phases: drops and the gate."""
    if proposal.phase is None:
        return {}
    return {
        "dropped": [dropped_to_json(item) for item in proposal.progression.dropped],
        "phase": {
            "current": proposal.phase.current,
            "next": proposal.phase.next,
            "weeks_passed": proposal.phase.weeks_passed,
        },
        "criteria": [
            {"text": item.criterion.text, "status": item.status}
            for item in proposal.criteria
        ],
    }


def _store_phases(
    program: Program,
    phases: tuple[PlannedPhase, ...],
    catalogue: tuple[CatalogueDrill, ...],
) -> None:
    drills = {
        drill.slug: drill
        for drill in Drill.objects.filter(
            slug__in={d.slug for p in phases for d in p.drills}
        )
    }
    prescriptions = []
    for planned in phases:
        phase = Phase.objects.create(
            program=program,
            number=planned.number,
            name=planned.name,
            weeks=planned.weeks,
            goal=PHASE_GOALS.get(planned.name, ""),
            exit_criteria=list(planned.exit_criteria),
        )
        for order, planned_drill in enumerate(planned.drills):
            prescriptions.append(
                Prescription(
                    phase=phase,
                    drill=drills[planned_drill.slug],
                    order=order,
                    side=planned_drill.side
                    if planned_drill.side in ("left", "right", "both")
                    else "",
                    sets=planned_drill.sets,
                    reps=planned_drill.reps,
                    seconds=planned_drill.seconds,
                    tempo=planned_drill.tempo or "",
                    reasons=list(planned_drill.reasons),
                    move=planned_drill.move or "",
                    move_reason=_clip(planned_drill.move_reason),
                )
            )
    Prescription.objects.bulk_create(prescriptions)


def _bump(program: Program, seen_version: int) -> Program:
    """Optimistic lock: move the version on only if nobody else did first."""
    updated = Program.objects.filter(pk=program.pk, version=seen_version).update(
        version=seen_version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleProgram(
            "Someone else saved this program after you opened it. Reload to see their changes; yours are shown below."
        )
    program.version = seen_version + 1
    return program


@transaction.atomic
def program_publish(*, program: Program, seen_version: int, user: User) -> Program:
    """The client sees this program now; their previous published one is archived. Audited."""
    ensure_programming_allowed(client=program.client, session=program.source_session)
    _bump(program, seen_version)
    Program.objects.filter(
        client_id=program.client_id, status=Program.Status.PUBLISHED
    ).exclude(pk=program.pk).update(
        status=Program.Status.ARCHIVED, updated_at=timezone.now()
    )
    program.status = Program.Status.PUBLISHED
    program.published_at = timezone.now()
    # A re-assessment's proposal may start at phase 2: the client begins where it starts.
    first = program.phases.order_by("number").values_list("number", flat=True).first()
    program.current_phase = first or 1
    program.phase_started_on = None
    program.save(
        update_fields=[
            "status",
            "published_at",
            "current_phase",
            "phase_started_on",
            "updated_at",
        ]
    )
    audit_record(
        actor=user,
        client=program.client_id,
        action=AuditEvent.Action.PUBLISHED_PROGRAM,
        object_id=program.pk,
    )
    return program


PHASE_REASON_MIN = 10


@transaction.atomic
def program_phase_move_on(
    *, program: Program, user: User, reason: str, today: date
) -> Program:
    """The coach moves the client on to the next phase before a re-test found its
    exit criteria met (CLINICAL.md section 11): only with a written reason, audited."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != Program.Status.PUBLISHED:
        raise ProgramNotReady("Only the published program moves from phase to phase.")
    following = (
        program.phases.filter(number__gt=program.current_phase)
        .order_by("number")
        .first()
    )
    if following is None:
        raise ProgramNotReady("The client is already in the last phase.")
    reason = reason.strip()
    if len(reason) < PHASE_REASON_MIN:
        raise ProgramNotReady(
            f"Write why in a sentence (at least {PHASE_REASON_MIN} characters)."
        )
    program.current_phase = following.number
    program.phase_started_on = today
    program.phase_note = reason[:300]
    program.save(
        update_fields=["current_phase", "phase_started_on", "phase_note", "updated_at"]
    )
    audit_record(
        actor=user,
        client=program.client_id,
        action=AuditEvent.Action.MOVED_PHASE_ON,
        object_id=program.pk,
    )
    return program


@transaction.atomic
def program_archive(*, program: Program, seen_version: int) -> Program:
    _bump(program, seen_version)
    program.status = Program.Status.ARCHIVED
    program.save(update_fields=["status", "updated_at"])
    return program


def previous_rung(drill: Drill) -> Drill | None:
    try:
        return drill.previous_rung
    except ObjectDoesNotExist:
        return None

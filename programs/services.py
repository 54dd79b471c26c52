"""The bridge between programs, the drill library and the pure builders."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from assessments.contract import AssessRequest
from assessments.contract_output import (
    change_to_json,
    result_to_json,
    skipped_to_json,
)
from assessments.findings import compare_sessions, evaluate_session, pain_rising
from assessments.models import AssessmentSession
from assessments.referrals import ensure_programming_allowed, session_clearance
from assessments.services import previous_session, session_input
from clients.models import AuditEvent, Client, User
from clients.page_cache import touch_clients
from clients.records import audit_record
from programs.models import Drill, Phase, Prescription, Program
from programs.progression import CatalogueDrill, build_progression, programming_status
from programs.progression import Phase as PlannedPhase
from programs.progression_rules import STATUS_CLEARED

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
    previous = {row.next_rung.slug: row.slug for row in rows if row.next_rung_id}
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
            next_slug=row.next_rung.slug if row.next_rung_id else None,
        )
        for row in rows
    )


def assess_document(
    *, request: AssessRequest, catalogue: tuple[CatalogueDrill, ...]
) -> dict:
    """The findings contract: one JSON-ready document for a session (and its previous one)."""
    findings = evaluate_session(session=request.session)
    changes = ()
    rising = False
    if request.previous is not None:
        changes = compare_sessions(current=request.session, previous=request.previous)
        rising = pain_rising(current=request.session, previous=request.previous)
    clearance = request.clearance
    status = programming_status(
        refer_out=findings.refer_out,
        assessed_on=request.session.assessed_on,
        clearance=clearance,
    )
    # A clearance's restrictions apply with or without red flags (DESIGN.md).
    restrictions = clearance.restrictions if clearance is not None else ()
    progression = build_progression(
        findings=[
            finding for finding in findings.findings if finding.code != "refer_out"
        ],
        refer_out=findings.refer_out,
        catalogue=catalogue,
        changes=changes,
        pain_rising=rising,
        contraindications=(*request.contraindications, *restrictions),
        knee_pain=request.session.knee_pain_nrs,
        cleared=status == STATUS_CLEARED,
    )
    return result_to_json(
        findings=findings,
        progression=progression.phases,
        changes=changes,
        status=status,
        skipped=progression.skipped,
        unaddressed=progression.unaddressed,
    )


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


@transaction.atomic
def program_generate(*, session: AssessmentSession, user: User) -> Program:
    """A draft program from a final session; with a published program it proposes the next one."""
    if not session.is_final:
        raise ProgramNotReady("Finalise the session before generating a program.")
    ensure_programming_allowed(client=session.client, session=session)
    current = session_input(session)
    findings = evaluate_session(session=current)
    previous = previous_session(session)
    changes: tuple = ()
    rising = False
    if previous is not None:
        before = session_input(previous)
        changes = compare_sessions(current=current, previous=before)
        rising = pain_rising(current=current, previous=before)
    published = current_program(session.client)
    catalogue = drill_catalogue(owner=user if user.use_private_drills else None)
    clearance = session_clearance(session)
    status = programming_status(
        refer_out=findings.refer_out,
        assessed_on=session.assessed_on,
        clearance=clearance,
    )
    progression = build_progression(
        findings=[
            finding for finding in findings.findings if finding.code != "refer_out"
        ],
        refer_out=findings.refer_out,
        catalogue=catalogue,
        changes=changes,
        previous_rungs=previous_rungs(published) or None,
        pain_rising=rising,
        contraindications=[
            *session.client.contraindication_codes,
            *(clearance.restrictions if clearance is not None else ()),
        ],
        knee_pain=session.knee_pain_nrs,
        cleared=status == STATUS_CLEARED,
    )
    phases = progression.phases
    document = result_to_json(findings=findings, progression=(), changes=changes)
    program = Program.objects.create(
        client=session.client,
        source_session=session,
        previous_program=published,
        refer_out=findings.refer_out,
        findings=document["findings"],
        changes=[change_to_json(change) for change in changes],
        engine_status=status,
        skipped=[skipped_to_json(item) for item in progression.skipped],
        unaddressed=list(progression.unaddressed),
        created_by=user,
    )
    _store_phases(program, phases, catalogue)
    return program


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
                    move_reason=planned_drill.move_reason,
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
    # Every program edit passes here, bulk ones included: its client's cached pages go stale.
    touch_clients([program.client_id])
    program.version = seen_version + 1
    return program


@transaction.atomic
def program_publish(*, program: Program, seen_version: int) -> Program:
    ensure_programming_allowed(client=program.client, session=program.source_session)
    _bump(program, seen_version)
    Program.objects.filter(
        client_id=program.client_id, status=Program.Status.PUBLISHED
    ).exclude(pk=program.pk).update(status=Program.Status.ARCHIVED)
    program.status = Program.Status.PUBLISHED
    program.published_at = timezone.now()
    # A re-assessment's proposal may start at phase 2: the client begins where it starts.
    first = program.phases.order_by("number").values_list("number", flat=True).first()
    program.current_phase = first or 1
    program.phase_started_on = None
    program.save(
        update_fields=["status", "published_at", "current_phase", "phase_started_on"]
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
    program.save(update_fields=["status"])
    return program

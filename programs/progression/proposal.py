"""One pure call from a contract request to everything a proposal needs (DESIGN.md contract version 2).

No Django: the command line (`manage.py assess`), program generation and the
benchmark all call `propose`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from assessments.core.contract import AssessRequest
from assessments.core.findings import compare_sessions, evaluate_session, pain_rising
from assessments.core.types import Change, Finding, FindingsResult
from programs.progression.builder import build_progression, programming_status
from programs.progression.governance import Reassessment
from programs.progression.pain_rule import PAIN_MONITORING, log_verdict, log_window
from programs.progression.phase_gate import (
    Criterion,
    CriterionStatus,
    PhaseGate,
    criteria_status,
    phase_criteria,
    phase_gate,
)
from programs.progression.rules import NO_LOADING_CODE, PHASES, STATUS_CLEARED
from programs.progression.types import CatalogueDrill, Progression


@dataclass(frozen=True, slots=True)
class Proposal:
    findings: FindingsResult
    changes: tuple[Change, ...]
    status: str
    progression: Progression
    phase: PhaseGate | None  # None without a current program
    criteria: tuple[CriterionStatus, ...]  # the current phase's criteria, judged


def current_phase_findings(
    *, current: Sequence[Finding], previous: Sequence[Finding] | None
) -> tuple[Finding, ...]:
    """The findings the current phase was built for: the previous session's when known.

    The current program was built from the previous session, so its exit
    criteria are that session's (their baseline, too: "up from 6.0 cm"). A
    finding new in this session gets drills in the proposal, not a say in
    whether the client leaves the phase they are in. Without a previous
    session, this session's findings stand in.
    """
    source = current if previous is None else previous
    return tuple(f for f in source if f.code != "refer_out")


def _kept_phase_criteria(
    progression: Progression, number: int, criteria: Sequence[Criterion]
) -> Progression:
    """A client kept in their phase keeps its exit criteria (CLINICAL.md section 11).

    The re-test judged the phase by the criteria it was built with ("up from
    7.6 cm"); the rebuilt phase asks for the same, so the program page's "Move
    on when", the re-test's verdict and the phone state one target.
    """
    if not progression.phases or progression.phases[0].number != number:
        return progression
    first, *rest = progression.phases
    kept = replace(first, exit_criteria=tuple(c.text for c in criteria))
    return replace(progression, phases=(kept, *rest))


def propose(*, request: AssessRequest, catalogue: Sequence[CatalogueDrill]) -> Proposal:
    """Findings, changes, status, the phase gate and the progression for one request."""
    session, previous = request.session, request.previous
    findings = evaluate_session(session=session)
    answerable = tuple(f for f in findings.findings if f.code != "refer_out")
    changes: tuple[Change, ...] = ()
    rising = False
    previous_findings: tuple[Finding, ...] | None = None
    if previous is not None:
        changes = compare_sessions(current=session, previous=previous)
        rising = pain_rising(current=session, previous=previous)
        previous_findings = evaluate_session(session=previous).findings
    clearance = request.clearance
    status = programming_status(
        refer_out=findings.refer_out,
        assessed_on=session.assessed_on,
        clearance=clearance,
    )
    # A clearance's restrictions apply with or without red flags (DESIGN.md).
    restrictions = clearance.restrictions if clearance is not None else ()
    contraindications = (*request.contraindications, *restrictions)
    program = request.current_program
    # The log since the last session (or since the current phase began).
    since = previous.assessed_on if previous is not None else None
    if since is None and program is not None:
        since = program.started_on - timedelta(days=1)
    window = log_window(request.log, since=since, until=session.assessed_on)
    verdict = log_verdict(
        log=window,
        ladder_of={drill.slug: drill.ladder for drill in catalogue},
        names={drill.slug: drill.name for drill in catalogue},
    )
    # 7/10 or more anywhere in the log the request gives: no ladder moves up
    # (CLINICAL.md section 11), even from before the window the step downs read.
    if not verdict.stop and any(
        (value or 0) >= PAIN_MONITORING.stop
        for entry in log_window(request.log, since=None, until=session.assessed_on)
        for value in (entry.pain_during, entry.pain_next_day)
    ):
        verdict = replace(verdict, stop=True)
    gate = None
    statuses: tuple[CriterionStatus, ...] = ()
    first_phase = 1
    phase_findings = current_phase_findings(
        current=answerable, previous=previous_findings
    )
    loading = NO_LOADING_CODE not in contraindications
    if program is not None:
        criteria = phase_criteria(
            findings=phase_findings, phase_number=program.phase, loading=loading
        )
        statuses = criteria_status(criteria=criteria, session=session, log=request.log)
        gate = phase_gate(
            current=program.phase,
            weeks=PHASES[program.phase - 1][2],
            started_on=program.started_on,
            assessed_on=session.assessed_on,
            statuses=statuses,
        )
        first_phase = gate.next
    reassessment = Reassessment(
        session=session,
        findings=answerable,
        previous_codes=(
            None
            if previous_findings is None
            else frozenset(f.code for f in previous_findings)
        ),
        changes=changes,
        pain_rising=rising,
        log_pain=verdict.ladders,
        log_stop=verdict.stop,
    )
    progression = build_progression(
        findings=answerable,
        refer_out=findings.refer_out,
        catalogue=catalogue,
        changes=changes,
        previous_rungs=dict(program.rungs) if program is not None else None,
        pain_rising=rising,
        contraindications=contraindications,
        knee_pain=session.knee_pain_nrs,
        cleared=status == STATUS_CLEARED,
        first_phase=first_phase,
        reassessment=reassessment,
    )
    if gate is not None and gate.next == gate.current:
        progression = _kept_phase_criteria(
            progression,
            gate.current,
            phase_criteria(
                findings=phase_findings,
                phase_number=gate.current,
                pain_rising=rising,
                loading=loading,
            ),
        )
    return Proposal(
        findings=findings,
        changes=changes,
        status=status,
        progression=progression,
        phase=gate,
        criteria=statuses,
    )

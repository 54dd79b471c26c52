"""The JSON findings contract of DESIGN.md, output side: shape a result document.

Pure like findings.py: no Django and no app imports. The progression
dataclasses live in programs (which imports assessments, never the reverse),
so result_to_json reads phases and drills through the small protocols below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from assessments.core.findings import Change, FindingsResult


class DrillLike(Protocol):
    """What result_to_json reads of programs.progression.builder.PrescribedDrill."""

    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def purpose(self) -> str: ...
    @property
    def loaded(self) -> bool: ...
    @property
    def side(self) -> str | None: ...
    @property
    def sets(self) -> int: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def seconds(self) -> int | None: ...
    @property
    def tempo(self) -> str | None: ...
    @property
    def reasons(self) -> Sequence[str]: ...
    @property
    def cues(self) -> Sequence[str]: ...


class PhaseLike(Protocol):
    """What result_to_json reads of programs.progression.builder.Phase."""

    @property
    def number(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def weeks(self) -> int: ...
    @property
    def exit_criteria(self) -> Sequence[str]: ...
    @property
    def drills(self) -> Sequence[Any]: ...


class SkippedLike(Protocol):
    """What result_to_json reads of programs.progression.builder.Skipped."""

    @property
    def slug(self) -> str: ...
    @property
    def ladder(self) -> str: ...
    @property
    def reason(self) -> str: ...


class LadderMoveLike(Protocol):
    """What result_to_json reads of programs.progression.builder.LadderMove."""

    @property
    def ladder(self) -> str: ...
    @property
    def side(self) -> str | None: ...
    @property
    def from_slug(self) -> str | None: ...
    @property
    def to_slug(self) -> str: ...
    @property
    def move(self) -> str: ...
    @property
    def reasons(self) -> Sequence[str]: ...


class DroppedLike(Protocol):
    """What result_to_json reads of programs.progression.builder.DroppedLadder."""

    @property
    def ladder(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def reason(self) -> str: ...


class PhaseGateLike(Protocol):
    """What result_to_json reads of programs.progression.phase_gate.PhaseGate."""

    @property
    def current(self) -> int: ...
    @property
    def next(self) -> int: ...
    @property
    def unmet(self) -> Sequence[str]: ...


def ladder_to_json(item: LadderMoveLike) -> dict[str, Any]:
    return {
        "ladder": item.ladder,
        "side": item.side,
        "from": item.from_slug,
        "to": item.to_slug,
        "move": item.move,
        "reasons": list(item.reasons),
    }


def dropped_to_json(item: DroppedLike) -> dict[str, str]:
    return {"ladder": item.ladder, "slug": item.slug, "reason": item.reason}


def phase_to_json(gate: PhaseGateLike | None) -> dict[str, Any] | None:
    if gate is None:
        return None
    return {"current": gate.current, "next": gate.next, "unmet": list(gate.unmet)}


def _drill_to_json(drill: DrillLike) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "slug": drill.slug,
        "name": drill.name,
        "region": drill.region,
        "purpose": drill.purpose,
        "loaded": drill.loaded,
        "side": drill.side,
        "sets": drill.sets,
        "reps": drill.reps,
        "seconds": drill.seconds,
        "tempo": drill.tempo,
        "reasons": list(drill.reasons),
        "cues": list(drill.cues),
    }
    # A re-assessment says how each ladder moved; a first program has no move.
    move = getattr(drill, "move", None)
    if move is not None:
        shaped["move"] = move
        shaped["move_reason"] = getattr(drill, "move_reason", "")
    return shaped


def _phase_to_json(phase: PhaseLike) -> dict[str, Any]:
    return {
        "phase": phase.number,
        "name": phase.name,
        "weeks": phase.weeks,
        "exit_criteria": list(phase.exit_criteria),
        "drills": [_drill_to_json(drill) for drill in phase.drills],
    }


def change_to_json(change: Change) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "field": change.field,
        "from": change.before,
        "to": change.after,
        "delta": change.delta,
        "mdc": change.mdc,
        "verdict": change.verdict,
    }
    if change.verdict == "not_comparable":
        shaped["note"] = change.note
    return shaped


def skipped_to_json(item: SkippedLike) -> dict[str, str]:
    return {"slug": item.slug, "ladder": item.ladder, "reason": item.reason}


def result_to_json(
    *,
    findings: FindingsResult,
    progression: Sequence[PhaseLike],
    changes: Sequence[Change],
    status: str | None = None,
    skipped: Sequence[SkippedLike] = (),
    unaddressed: Sequence[str] = (),
    ladders: Sequence[LadderMoveLike] = (),
    dropped: Sequence[DroppedLike] = (),
    phase: PhaseGateLike | None = None,
) -> dict[str, Any]:
    """The output document of DESIGN.md (contract version 2), ready for json.dumps.

    `status` is "program", "refer_out" or "cleared"; left out, it is read from
    the findings alone (no clearance known). With "refer_out" the progression
    is always empty, whatever was passed.
    """
    if status is None:
        status = "refer_out" if findings.refer_out else "program"
    if status == "refer_out":
        progression, ladders, dropped = (), (), ()
    return {
        "findings": [
            {
                "code": finding.code,
                "side": finding.side,
                "severity": finding.severity,
                "evidence": [
                    {
                        "field": item.field,
                        "value": item.value,
                        "rule": item.rule,
                        "source": item.source,
                    }
                    for item in finding.evidence
                ],
                "summary": finding.summary,
            }
            for finding in findings.findings
        ],
        "refer_out": findings.refer_out,
        "status": status,
        "progression": [_phase_to_json(phase) for phase in progression],
        "skipped": [skipped_to_json(item) for item in skipped],
        "unaddressed": list(unaddressed),
        "ladders": [ladder_to_json(item) for item in ladders],
        "dropped": [dropped_to_json(item) for item in dropped],
        "phase": phase_to_json(phase),
        "changes": [change_to_json(change) for change in changes],
    }

"""What the coach's program page shows, built from a prefetched program without queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessments.core.types import Evidence
from assessments.core.wording import (
    amount,
    contraindication_words,
    criterion_words,
    dose_words,
    exclusion_words,
    field_label,
    field_unit,
    finding_name,
    rule_words,
    signed,
    verdict_words,
)
from assessments.views.display import EvidenceView, evidence_view
from clients.views.client_page import url_for_each
from programs.exclusions import ProgramLimits, exclusion, load_block
from programs.models import Drill, Phase, Prescription, Program
from programs.services import previous_rung


@dataclass(frozen=True, slots=True)
class Reason:
    words: str
    summaries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RungChoice:
    """The rung a swap button leads to, and why the button is off (empty when it is on)."""

    direction: str  # "down" | "up"
    drill: Drill | None
    blocked: str


@dataclass(slots=True)
class PrescriptionRow:
    prescription: Prescription
    dose: str
    reasons: tuple[Reason, ...]
    easier: RungChoice
    harder: RungChoice
    first: bool
    last: bool
    excluded: str = ""
    dose_form: Any = None  # set by the view: the inline dose form
    urls: dict[str, str] = field(default_factory=dict)  # the row's form actions


@dataclass(frozen=True, slots=True)
class PhaseBlock:
    phase: Phase
    rows: tuple[PrescriptionRow, ...]


@dataclass(frozen=True, slots=True)
class ChangeRow:
    label: str
    unit: str
    before: float | int | None
    after: float | int | None
    delta: float | int | None
    mdc: float | int | None
    verdict: str
    note: str

    @property
    def before_text(self) -> str:
        return amount(self.before, self.unit)

    @property
    def after_text(self) -> str:
        return amount(self.after, self.unit)

    @property
    def delta_text(self) -> str:
        return signed(self.delta, self.unit)

    @property
    def mdc_text(self) -> str:
        return amount(self.mdc, self.unit)

    @property
    def verdict_words(self) -> str:
        return verdict_words(self.verdict)


@dataclass(frozen=True, slots=True)
class DrillResult:
    """One drill in the library search: the findings it answers, why Add is off, why it needs a reason."""

    drill: Drill
    answers: tuple[str, ...]
    blocked: str
    excluded: str = ""


def drill_results(
    drills: list[Drill], *, limits: ProgramLimits, phase_number: int
) -> tuple[DrillResult, ...]:
    return tuple(
        DrillResult(
            drill=drill,
            answers=tuple(finding_name(code) for code in drill.finding_codes),
            blocked=load_block(drill, limits=limits, phase_number=phase_number),
            excluded=exclusion(drill, limits=limits),
        )
        for drill in drills
    )


@dataclass(frozen=True, slots=True)
class FindingRow:
    code: str
    words: str
    side: str | None
    severity: str
    summary: str
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True, slots=True)
class PhaseVerdict:
    """A re-assessment's verdict on the phase the client was in."""

    current: int
    next: int
    weeks_passed: bool
    criteria: tuple[tuple[str, str, str], ...]  # (text, status, status in words)


def _gate(proposal: dict) -> PhaseVerdict | None:
    phase = proposal.get("phase") if proposal else None
    if not phase:
        return None
    return PhaseVerdict(
        current=int(phase["current"]),
        next=int(phase["next"]),
        weeks_passed=bool(phase["weeks_passed"]),
        criteria=tuple(
            (rule_words(item["text"]), item["status"], criterion_words(item["status"]))
            for item in proposal.get("criteria", [])
        ),
    )


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A drill the engine would have given but left out, and why, in words."""

    drill: str
    why: str


def skipped_rows(
    skipped: list[dict], *, names: dict[str, str]
) -> tuple[SkippedRow, ...]:
    rows = []
    for item in skipped:
        why = exclusion_words(str(item.get("reason", "")))
        slug = str(item.get("slug", ""))
        rows.append(SkippedRow(names.get(slug, slug.replace("-", " ")), why))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class ProgramPage:
    program: Program
    findings: tuple[FindingRow, ...]
    changes: tuple[ChangeRow, ...]
    phases: tuple[PhaseBlock, ...]
    editable: bool
    proposal: bool = False
    rows: dict[int, PrescriptionRow] = field(default_factory=dict)
    skipped: tuple[SkippedRow, ...] = ()
    gate: PhaseVerdict | None = None
    dropped: tuple[tuple[str, str], ...] = ()  # (drill name, why) a proposal leaves out
    unaddressed: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()


def _rung_choice(
    direction: str, drill: Drill | None, *, limits: ProgramLimits, phase_number: int
) -> RungChoice:
    if drill is None:
        where = "easier" if direction == "down" else "harder"
        return RungChoice(direction, None, f"No {where} rung on this ladder.")
    if drill.retired_at is not None:
        return RungChoice(
            direction, drill, f"{drill.name} is retired from the library."
        )
    blocked = load_block(drill, limits=limits, phase_number=phase_number) or exclusion(
        drill, limits=limits
    )
    return RungChoice(direction, drill, blocked)


def _reasons(prescription: Prescription, findings: list[dict]) -> tuple[Reason, ...]:
    reasons = []
    for code in prescription.reasons:
        summaries = tuple(
            finding.get("summary", "")
            for finding in findings
            if finding.get("code") == code
            and (
                prescription.side in ("", "both")
                or finding.get("side") in (None, "both", prescription.side)
            )
        )
        reasons.append(Reason(finding_name(code), summaries))
    return tuple(reasons)


def program_page(program: Program, *, limits: ProgramLimits) -> ProgramPage:
    """Rows for the page from a program whose phases, prescriptions and drills are prefetched."""
    findings = [finding for finding in program.findings if isinstance(finding, dict)]
    # One reverse() per action for the whole page rather than six per row.
    actions = {
        "down": url_for_each("programs:prescription-swap", "down"),
        "up": url_for_each("programs:prescription-swap", "up"),
        "move_up": url_for_each("programs:prescription-move", "up"),
        "move_down": url_for_each("programs:prescription-move", "down"),
        "remove": url_for_each("programs:prescription-remove"),
        "update": url_for_each("programs:prescription-update"),
    }
    phases = []
    rows: dict[int, PrescriptionRow] = {}
    for phase in program.phases.all():
        prescriptions = list(phase.prescriptions.all())
        phase_rows = []
        for index, prescription in enumerate(prescriptions):
            drill = prescription.drill
            row = PrescriptionRow(
                prescription=prescription,
                dose=dose_words(
                    sets=prescription.sets,
                    reps=prescription.reps,
                    seconds=prescription.seconds,
                    tempo=prescription.tempo,
                    side=prescription.side,
                ),
                reasons=_reasons(prescription, findings),
                easier=_rung_choice(
                    "down",
                    previous_rung(drill),
                    limits=limits,
                    phase_number=phase.number,
                ),
                harder=_rung_choice(
                    "up", drill.next_rung, limits=limits, phase_number=phase.number
                ),
                # A drill excluded now (a code added after the program was built) and
                # not added on purpose with a reason: the coach must see it.
                excluded=""
                if prescription.override_reason
                else exclusion(drill, limits=limits),
                first=index == 0,
                last=index == len(prescriptions) - 1,
                urls={name: url(prescription.pk) for name, url in actions.items()},
            )
            rows[prescription.pk] = row
            phase_rows.append(row)
        phases.append(PhaseBlock(phase, tuple(phase_rows)))
    changes = []
    for change in program.changes:
        path = change.get("field", "")
        label, unit = field_label(path), field_unit(path)
        changes.append(
            ChangeRow(
                label=label,
                unit=unit,
                before=change.get("from"),
                after=change.get("to"),
                delta=change.get("delta"),
                mdc=change.get("mdc"),
                verdict=change.get("verdict", ""),
                note=change.get("note", ""),
            )
        )
    return ProgramPage(
        program=program,
        findings=tuple(
            FindingRow(
                code=finding.get("code", ""),
                words=finding_name(finding.get("code", "")),
                side=finding.get("side"),
                severity=finding.get("severity", ""),
                summary=finding.get("summary", ""),
                evidence=tuple(
                    evidence_view(
                        Evidence(
                            field=str(item.get("field", "")),
                            value=item.get("value"),
                            rule=str(item.get("rule", "")),
                            source=str(item.get("source", "")),
                        )
                    )
                    for item in finding.get("evidence", ())
                    if isinstance(item, dict)
                ),
            )
            for finding in findings
        ),
        changes=tuple(changes),
        phases=tuple(phases),
        editable=program.status != Program.Status.ARCHIVED,
        proposal=program.previous_program_id is not None
        and program.status == Program.Status.DRAFT,
        rows=rows,
        unaddressed=tuple(finding_name(code) for code in program.unaddressed),
        gate=_gate(program.proposal),
        avoid=tuple(contraindication_words(sorted(limits.codes))),
    )

"""What the coach's program page shows, built from a prefetched program without queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessments.core.types import Evidence
from assessments.views.display import (
    EvidenceView,
    contraindication_words,
    evidence_view,
)
from clients.views.client_page import url_for_each
from programs.exclusions import ProgramLimits, exclusion, load_block
from programs.models import Drill, Phase, Prescription, Program
from programs.progression.rules import FIELD_WORDS, exclusion_words
from programs.services import previous_rung

# Finding codes in a coach's words (CLINICAL.md section 5).
FINDING_WORDS = {
    "ankle_dorsiflexion_restricted": "Stiff ankle (restricted dorsiflexion)",
    "dorsiflexion_asymmetry": "Ankle difference between the sides",
    "heel_rise": "Heels rise in the squat",
    "knee_valgus": "Knee caves in",
    "foot_collapse": "Arch collapses",
    "anterior_knee_pain": "Pain at the front of the knee",
    "forward_lean": "Chest drops (forward lean)",
    "feet_turn_out": "Feet turn out",
    "low_back_arch": "Low back arches",
    "poor_single_leg_balance": "Poor single-leg balance",
    "hip_abductor_weakness": "Weak hip abductors",
    "quad_dominance": "Quads take over from the glutes",
    "refer_out": "Refer to a clinician",
}


def finding_words(code: str) -> str:
    return FINDING_WORDS.get(code, code.replace("_", " ").capitalize())


def field_words(path: str) -> tuple[str, str]:
    """A change-table field in words with its unit, e.g. ("Left knee-to-wall", "cm")."""
    for template, (words, unit) in FIELD_WORDS.items():
        for side in ("left", "right"):
            if template.format(side=side) == path:
                label = words.format(side=side)
                return label[:1].upper() + label[1:], unit
    return path, ""


def dose_words(*, sets: int, reps: int | None, seconds: int | None, tempo: str) -> str:
    """ "3 × 10, tempo 3-1-1" or "2 × 60 s"."""
    if reps and seconds:
        amount = f"{sets} × {reps}, {seconds} s each"
    elif reps:
        amount = f"{sets} × {reps}"
    else:
        amount = f"{sets} × {seconds} s"
    return f"{amount}, tempo {tempo}" if tempo else amount


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


VERDICT_WORDS = {
    "improved": "Improved",
    "worse": "Worse",
    "within_error": "Within measurement error",
    "not_comparable": "Not comparable",
    "unchanged": "Unchanged",
}


def _number(value: float | int | None, unit: str, *, signed: bool = False) -> str:
    if value is None:
        return "–"
    if value == 0:
        value = 0  # never "-0" or "+0"
    shown = f"{value:+g}" if signed and value else f"{value:g}"
    return f"{shown} {unit}" if unit else shown


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
        return _number(self.before, self.unit)

    @property
    def after_text(self) -> str:
        return _number(self.after, self.unit)

    @property
    def delta_text(self) -> str:
        return _number(self.delta, self.unit, signed=True)

    @property
    def mdc_text(self) -> str:
        return _number(self.mdc, self.unit)

    @property
    def verdict_words(self) -> str:
        return VERDICT_WORDS.get(self.verdict, self.verdict)


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
            answers=tuple(finding_words(code) for code in drill.finding_codes),
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


CRITERION_WORDS = {"met": "Met", "not_yet": "Not yet", "not_measured": "Not measured"}


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
            (item["text"], item["status"], CRITERION_WORDS.get(item["status"], ""))
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
        reasons.append(Reason(finding_words(code), summaries))
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
        label, unit = field_words(change.get("field", ""))
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
                words=finding_words(finding.get("code", "")),
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
        unaddressed=tuple(finding_words(code) for code in program.unaddressed),
        gate=_gate(program.proposal),
        avoid=tuple(contraindication_words(sorted(limits.codes))),
    )

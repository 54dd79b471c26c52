"""Findings, changes and sessions in the coach's words, ready for templates.

Pure presentation: no queries. Views build these from the services' results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assessments.core.findings import (
    PUBLISHED,
    RULES_BY_KEY,
    SOURCES,
    Change,
    Evidence,
    Finding,
    FindingsResult,
)
from assessments.core.hip_knee import (
    DYNAMOMETER_UNITS,
    KUJALA_MEANINGFUL_CHANGE,
    KUJALA_SOURCE_SHORT,
    KujalaChange,
    strength_per_kg,
)
from assessments.core.types import CONTRAINDICATIONS
from assessments.forms import SessionForm
from assessments.models import AssessmentSession
from assessments.session_layout import LAYOUT, Group, Pair

FINDING_WORDS = {
    "ankle_dorsiflexion_restricted": "ankle dorsiflexion restricted",
    "dorsiflexion_asymmetry": "ankle stiffer than the other side",
    "heel_rise": "Heels rise in the squat",
    "knee_valgus": "knee caves in",
    "foot_collapse": "arch collapses",
    "anterior_knee_pain": "Pain at the front of the knee",
    "forward_lean": "Forward lean in the squat",
    "feet_turn_out": "Feet turn out in the squat",
    "low_back_arch": "Low back arches in the squat",
    "poor_single_leg_balance": "leg: poor single-leg balance",
    "hip_abductor_weakness": "hip abductors weak",
    "quad_dominance": "Quad dominance",
    "refer_out": "Refer to a clinician",
}

SEVERITY_WORDS = {"mild": "Mild", "moderate": "Moderate", "severe": "Severe"}

VERDICT_WORDS = {
    "improved": "Improved",
    "worse": "Worse",
    "within_error": "Within measurement error",
    "not_comparable": "Not comparable",
    "unchanged": "Unchanged",
}

# Contract paths in words, with the unit their numbers are in.
_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "dorsiflexion.{side}_cm": ("{Side} knee-to-wall", "cm"),
    "dorsiflexion.{side}_deg": ("{Side} tibial angle", "degrees"),
    "squat.heels_rise": ("Heels rise in the squat", ""),
    "squat.knees_cave.{side}": ("{Side} knee caves in (squat)", ""),
    "squat.arch_collapse.{side}": ("{Side} arch collapses (squat)", ""),
    "squat.forward_lean": ("Forward lean in the squat", ""),
    "squat.feet_turn_out": ("Feet turn out in the squat", ""),
    "squat.low_back_arch": ("Low back arches in the squat", ""),
    "squat.anterior_knee_pain": ("Pain at the front of the knee (squat)", ""),
    "hip.single_leg_stance_s.{side}": ("{Side} single-leg stance", "s"),
    "hip.step_down_valgus.{side}": ("{Side} knee dives in on step-down", ""),
    "hip.abduction_mmt.{side}": ("{Side} hip abduction grade", "grade"),
    "hip.abduction_dynamometer.{side}": ("{Side} hip abduction dynamometer", ""),
    "hip.quad_dominant": ("Feels quads more than glutes", ""),
    "pain.knee_nrs": ("Knee pain (0-10)", "points"),
    "red_flags": ("Red flag", ""),
}


def _expand(path: str) -> tuple[str, str]:
    for pattern, (words, unit) in _FIELD_WORDS.items():
        for side in ("left", "right"):
            if pattern.format(side=side) == path:
                return words.format(Side=side.capitalize()), unit
    return path, ""


def field_words(path: str) -> str:
    """A contract path in words: "dorsiflexion.left_cm" -> "Left knee-to-wall"."""
    return _expand(path)[0]


def field_unit(path: str) -> str:
    return _expand(path)[1]


def number(value: float | int | bool | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    return f"{value:g}"


def _measured(item: Evidence) -> str:
    if item.field == "red_flags":
        if item.value in AssessmentSession.RedFlag.values:
            return AssessmentSession.RedFlag(item.value).label
        return str(item.value)
    if isinstance(item.value, bool):
        return "seen" if item.value else "not seen"
    unit = field_unit(item.field)
    if unit in ("", "grade", "points"):
        return number(item.value)
    return f"{number(item.value)} {unit}"


@dataclass(frozen=True, slots=True)
class EvidenceView:
    field: str
    measured: str
    rule: str
    source: str
    source_title: str
    published: bool

    @property
    def status_words(self) -> str:
        if self.published:
            return "published"
        return "project default, not a validated norm"


@dataclass(frozen=True, slots=True)
class FindingView:
    code: str
    title: str
    side: str | None
    severity: str
    evidence: tuple[EvidenceView, ...]
    summary: str

    @property
    def severity_words(self) -> str:
        return SEVERITY_WORDS.get(self.severity, self.severity)


def finding_title(finding: Finding) -> str:
    words = FINDING_WORDS.get(finding.code, finding.code.replace("_", " "))
    if finding.side in ("left", "right"):
        return f"{finding.side.capitalize()} {words}"
    if finding.side == "both":
        return f"Both sides: {words}"
    return words[0].upper() + words[1:]


def evidence_view(item: Evidence) -> EvidenceView:
    source = SOURCES.get(item.source)
    return EvidenceView(
        field=field_words(item.field),
        measured=_measured(item),
        rule=item.rule,
        source=item.source,
        source_title=source.title if source else item.source,
        published=source is not None and source.status == PUBLISHED,
    )


@dataclass(frozen=True, slots=True)
class FindingsPanel:
    findings: tuple[FindingView, ...]
    refer_out: bool
    refer_reasons: tuple[str, ...]


def findings_panel(result: FindingsResult) -> FindingsPanel:
    views: list[FindingView] = []
    reasons: list[str] = []
    for finding in result.findings:
        evidence = tuple(evidence_view(item) for item in finding.evidence)
        if finding.code == "refer_out":
            for item in finding.evidence:
                if item.field == "red_flags":
                    reasons.append(_measured(item))
                else:
                    reasons.append(f"knee pain {number(item.value)}/10")
        views.append(
            FindingView(
                code=finding.code,
                title=finding_title(finding),
                side=finding.side,
                severity=finding.severity,
                evidence=evidence,
                summary=finding.summary,
            )
        )
    return FindingsPanel(tuple(views), result.refer_out, tuple(reasons))


# --- The change table ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeView:
    field: str
    before: str
    after: str
    delta: str
    mdc: str
    verdict: str
    explanation: str
    verdict_label: str = ""  # words of its own, where the verdict is not an MDC one

    @property
    def verdict_words(self) -> str:
        return self.verdict_label or VERDICT_WORDS.get(self.verdict, self.verdict)


def _with_unit(value: float | int | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("", "grade", "points"):
        return number(value)
    return f"{number(value)} {unit}"


def _mdc_words(value: float | int | None, unit: str) -> str:
    if value is None:
        return "change"
    if unit == "grade":
        return f"{number(value)} grade" + ("" if value == 1 else "s")
    if unit == "points":
        return f"{number(value)} points"
    if unit in ("", *DYNAMOMETER_UNITS):
        # The dynamometer's MDC is 10 % of the earlier reading, in its own unit.
        return f"{_with_unit(value, unit)} (10 % of the earlier reading)"
    return _with_unit(value, unit)


def change_view(change: Change, *, dynamometer_unit: str = "") -> ChangeView:
    """One row of the change table; dynamometer readings carry the unit both sessions share."""
    unit = field_unit(change.field)
    if dynamometer_unit and change.field.startswith("hip.abduction_dynamometer."):
        unit = dynamometer_unit
    if change.delta is None:
        delta = "—"
    else:
        delta = f"{change.delta:+g}" if change.delta else "0"
        if unit not in ("", "grade", "points"):
            delta = f"{delta} {unit}"
    if change.verdict == "within_error":
        explanation = (
            f"Smaller than the {_mdc_words(change.mdc, unit)} the test can detect: "
            "not progress."
        )
    elif change.verdict == "not_comparable":
        explanation = change.note or "Measured differently: not comparable."
    elif change.verdict == "unchanged":
        explanation = "The same as last time."
    elif change.mdc is None:
        # No published measurement error for this test (CLINICAL.md section 11):
        # say the direction, claim nothing about error.
        direction = "Better" if change.verdict == "improved" else "Worse"
        explanation = (
            f"{direction} than last time; this test has no published measurement error."
        )
    elif change.verdict == "improved":
        explanation = (
            f"At least the {_mdc_words(change.mdc, unit)} the test can detect."
        )
    else:
        explanation = (
            f"Worse by at least the {_mdc_words(change.mdc, unit)} the test can detect."
        )
    return ChangeView(
        field=field_words(change.field),
        before=_with_unit(change.before, unit),
        after=_with_unit(change.after, unit),
        delta=delta,
        mdc=_with_unit(change.mdc, unit),
        verdict=change.verdict,
        explanation=explanation,
    )


KUJALA_WORDS = "Anterior Knee Pain Scale (Kujala)"


def kujala_change_view(change: KujalaChange) -> ChangeView:
    """The Anterior Knee Pain Scale's row: judged against its 10-point meaningful change."""
    points = f"{KUJALA_MEANINGFUL_CHANGE} points"
    if change.meaningful:
        label = "Meaningful change"
        direction = "Better" if change.verdict == "improved" else "Worse"
        explanation = (
            f"{direction} by {abs(change.delta)} points: at least the {points} "
            f"that count as a meaningful change ({KUJALA_SOURCE_SHORT})."
        )
    else:
        label = f"Less than the {KUJALA_MEANINGFUL_CHANGE}-point meaningful change"
        explanation = (
            f"A change under {points} is not a meaningful change "
            f"({KUJALA_SOURCE_SHORT})."
        )
    return ChangeView(
        field=KUJALA_WORDS,
        before=f"{change.before} of 100",
        after=f"{change.after} of 100",
        delta=f"{change.delta:+d}" if change.delta else "0",
        mdc=f"{points} (meaningful change)",
        verdict=change.verdict,
        explanation=explanation,
        verdict_label=label,
    )


# --- A saved session, read-only -------------------------------------------------------

_READ_SUFFIX = {
    "ktw_left_cm": "cm",
    "ktw_right_cm": "cm",
    "ktw_left_deg": "degrees",
    "ktw_right_deg": "degrees",
    "stance_left_s": "s",
    "stance_right_s": "s",
    "abduction_mmt_left": "of 5",
    "abduction_mmt_right": "of 5",
    "knee_pain_nrs": "of 10",
    "body_mass_kg": "kg",
    "kujala_score": "of 100",
}

DYNAMOMETER_READINGS = ("abduction_dyn_left", "abduction_dyn_right")
STRENGTH_PER_KG = "Hip abduction strength per kg of body mass"
# Springer et al. 2007 (springer-2007) publish single-leg stance norms by age
# band, but their figures could not be read from the paper here, so only the
# 10 s rule is applied (CLINICAL.md section 12 asks us to say so).
STANCE_NORMS_NOTE = (
    "Single-leg stance age-band norms not shown: figures not confirmed, "
    f"so only the {number(RULES_BY_KEY['stance_poor'].thresholds[0])} s rule applies."
)


@dataclass(frozen=True, slots=True)
class ValueRow:
    label: str
    value: str = ""
    left: str = ""
    right: str = ""
    is_pair: bool = False


@dataclass(frozen=True, slots=True)
class ValueSection:
    title: str
    rows: tuple[ValueRow, ...]
    note: str = ""

    @property
    def has_pairs(self) -> bool:
        return any(row.is_pair for row in self.rows)


def _value(session: AssessmentSession, name: str) -> str:
    raw = getattr(session, name)
    if name == "red_flags":
        labels = [
            AssessmentSession.RedFlag(flag).label
            for flag in raw or ()
            if flag in AssessmentSession.RedFlag.values
        ]
        return ", ".join(labels) or "None"
    if name in ("ktw_method", "ktw_footwear", "abduction_dyn_unit"):
        return getattr(session, f"get_{name}_display")() or "—"
    if name == "assessed_on":
        return f"{raw.day} {raw:%b %Y}" if raw else "—"
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, str):
        return raw or "—"
    if raw is None:
        return "—"
    suffix = _READ_SUFFIX.get(name, "")
    if name in DYNAMOMETER_READINGS:
        suffix = session.abduction_dyn_unit
    return f"{number(raw)} {suffix}".strip()


def per_kg_words(value: float | None, unit: str) -> str:
    """Strength per kg of body mass: "2.57 N per kg" ("—" when it cannot be worked out)."""
    if value is None:
        return "—"
    return f"{value:.2f} {unit} per kg"


def _strength_per_kg_row(session: AssessmentSession) -> ValueRow | None:
    """Both readings over body mass, when the unit, a reading and body mass are there."""
    unit = session.abduction_dyn_unit
    sides = [
        strength_per_kg(value=getattr(session, name), body_mass_kg=session.body_mass_kg)
        for name in DYNAMOMETER_READINGS
    ]
    if not unit or all(value is None for value in sides):
        return None
    return ValueRow(
        STRENGTH_PER_KG,
        left=per_kg_words(sides[0], unit),
        right=per_kg_words(sides[1], unit),
        is_pair=True,
    )


def session_values(session: AssessmentSession) -> list[ValueSection]:
    """Every measurement of a session, in the order of the form."""
    labels = {name: str(field.label) for name, field in SessionForm.base_fields.items()}
    sections: list[ValueSection] = []
    for section in LAYOUT:
        rows: list[ValueRow] = []
        note = ""
        for row in section.rows:
            if isinstance(row, Group):
                continue  # the questionnaire's items: only their total is kept
            if isinstance(row, Pair):
                rows.append(
                    ValueRow(
                        row.title,
                        left=_value(session, row.left),
                        right=_value(session, row.right),
                        is_pair=True,
                    )
                )
                if row.left == "abduction_dyn_left":
                    per_kg = _strength_per_kg_row(session)
                    if per_kg is not None:
                        rows.append(per_kg)
                if row.left == "stance_left_s" and (
                    session.stance_left_s is not None
                    or session.stance_right_s is not None
                ):
                    note = STANCE_NORMS_NOTE
            elif row.name != "unit":
                rows.append(ValueRow(labels[row.name], _value(session, row.name)))
        sections.append(ValueSection(section.title, tuple(rows), note))
    return sections


def contraindication_words(codes: Iterable[str]) -> list[str]:
    """What a client must avoid, in the coach's words (CLINICAL.md section 9)."""
    return [CONTRAINDICATIONS.get(code, "an unknown restriction") for code in codes]

"""Findings, changes and sessions in the coach's words, ready for templates.

Pure presentation: no queries. Views build these from the services' results.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.core.findings import (
    RULES_BY_KEY,
    Change,
    Evidence,
    FindingsResult,
)
from assessments.core.hip_knee import (
    DYNAMOMETER_UNITS,
    KUJALA_MEANINGFUL_CHANGE,
    KUJALA_SOURCE_SHORT,
    KujalaChange,
    strength_per_kg,
)
from assessments.core.rules import PUBLISHED, SOURCES
from assessments.core.wording import (
    NO_VALUE,
    SESSION_FIELD_UNITS,
    amount,
    date_words,
    distance,
    field_label,
    field_unit,
    finding_title,
    number,
    pain_words,
    per_kg,
    plural,
    rule_words,
    severity_words,
    signed,
    source_title,
    source_words,
    verdict_words,
)
from assessments.forms import SessionForm
from assessments.models import AssessmentSession
from assessments.session_layout import LAYOUT, Group, Pair


def _measured(item: Evidence) -> str:
    if item.field == "red_flags":
        if item.value in AssessmentSession.RedFlag.values:
            return AssessmentSession.RedFlag(item.value).label
        return "a red flag"
    if isinstance(item.value, bool):
        return "seen" if item.value else "not seen"
    if isinstance(item.value, str):
        return item.value
    return amount(item.value, field_unit(item.field))


@dataclass(frozen=True, slots=True)
class EvidenceView:
    field: str
    measured: str
    rule: str  # in words: "under 10 cm"
    source: str  # a short citation: "Bennell et al. 1998"
    source_title: str  # the whole reference
    published: bool

    @property
    def status_words(self) -> str:
        if self.published:
            return "published"
        return "project default, not a validated norm"

    def _cite(self, name: str) -> str:
        # The project's own default says so in its title: not twice.
        if not self.published and "project default" in self.source_title:
            return self.source_title
        return f"{name}, {self.status_words}"

    @property
    def citation(self) -> str:
        """ "Chisholm et al. 2012, published"."""
        return self._cite(self.source)

    @property
    def reference(self) -> str:
        """The whole reference with its status, for a printed summary."""
        return self._cite(self.source_title)


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
        return severity_words(self.severity)


def evidence_view(item: Evidence) -> EvidenceView:
    source = SOURCES.get(item.source)
    return EvidenceView(
        field=field_label(item.field),
        measured=_measured(item),
        rule=rule_words(item.rule),
        source=source_words(item.source),
        source_title=source_title(item.source),
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
                    pain = item.value if isinstance(item.value, int) else None
                    reasons.append(f"knee pain {pain_words(pain)}")
        views.append(
            FindingView(
                code=finding.code,
                title=finding_title(finding.code, finding.side),
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
        return self.verdict_label or verdict_words(self.verdict)


def _mdc_words(value: float | int | None, unit: str) -> str:
    if value is None:
        return "change"
    if unit == "grade":
        return plural(int(value), "grade")
    if unit == "points":
        return plural(int(value), "point")
    if unit in ("", *DYNAMOMETER_UNITS):
        # The dynamometer's MDC is 10 % of the earlier reading, in its own unit.
        return f"{amount(value, unit)} (10 % of the earlier reading)"
    return amount(value, unit)


def change_view(change: Change, *, dynamometer_unit: str = "") -> ChangeView:
    """One row of the change table; dynamometer readings carry the unit both sessions share."""
    unit = field_unit(change.field)
    if dynamometer_unit and change.field.startswith("hip.abduction_dynamometer."):
        unit = dynamometer_unit
    delta = signed(change.delta, unit)
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
        field=field_label(change.field),
        before=amount(change.before, unit),
        after=amount(change.after, unit),
        delta=delta,
        mdc=amount(change.mdc, unit),
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
            f"{direction} by {plural(abs(change.delta), 'point')}: at least the {points} "
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
        delta=signed(change.delta),
        mdc=f"{points} (meaningful change)",
        verdict=change.verdict,
        explanation=explanation,
        verdict_label=label,
    )


# --- A saved session, read-only -------------------------------------------------------

DYNAMOMETER_READINGS = ("abduction_dyn_left", "abduction_dyn_right")
STRENGTH_PER_KG = "Hip abduction strength per kg of body mass"
# Springer et al. 2007 (springer-2007) publish single-leg stance norms by age
# band, but their figures could not be read from the paper here, so only the
# 10 s rule is applied (CLINICAL.md section 12 asks us to say so).
STANCE_NORMS_NOTE = (
    "Single-leg stance age-band norms not shown: figures not confirmed, "
    f"so only the {amount(RULES_BY_KEY['stance_poor'].thresholds[0], 's')} rule applies."
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
        return ", ".join(labels) or "none"
    if name in ("ktw_method", "ktw_footwear", "abduction_dyn_unit"):
        return getattr(session, f"get_{name}_display")() or NO_VALUE
    if name == "assessed_on":
        return date_words(raw)
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, str):
        return raw or NO_VALUE
    if raw is None:
        return NO_VALUE
    if name in ("ktw_left_cm", "ktw_right_cm"):
        return distance(raw, session.ktw_unit)
    unit = SESSION_FIELD_UNITS.get(name, "")
    if name in DYNAMOMETER_READINGS:
        unit = session.abduction_dyn_unit
    if unit.startswith("of "):
        return f"{number(raw)} {unit}"
    return amount(raw, unit)


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
        left=per_kg(sides[0], unit),
        right=per_kg(sides[1], unit),
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

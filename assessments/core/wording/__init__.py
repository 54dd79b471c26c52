"""What a coach or a client reads: one place for words and number formats.

Pure (no Django): pages, services and the plan all format through here, so a
finding, a field, a unit, a dose, a verdict, a pain score, a rule or a date
reads the same on every page. Thresholds come from the rule table
(`assessments.core.rules`), never retyped.

Numbers and units are in `units.py`, dates in `dates.py`; import everything
from `assessments.core.wording`. See docs/vocabulary.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Protocol

from assessments.core.rules import SOURCES
from assessments.core.types import CONTRAINDICATIONS
from assessments.core.wording.dates import (
    DATE_FORMAT,
    date_words,
    day_words,
    short_date_words,
)
from assessments.core.wording.units import (
    CM_PER_INCH,
    NO_VALUE,
    UNIT_PLACES,
    amount,
    distance,
    fixed,
    number,
    pain_words,
    per_kg,
    plural,
    share_words,
    signed,
)

__all__ = [
    "CM_PER_INCH",
    "CRITERION_WORDS",
    "DATE_FORMAT",
    "FINDING_NAMES",
    "FINDING_PHRASES",
    "NO_VALUE",
    "SESSION_FIELD_UNITS",
    "SEVERITY_WORDS",
    "SIDE_WORDS",
    "UNIT_PLACES",
    "VERDICT_WORDS",
    "amount",
    "cited",
    "contraindication_words",
    "criterion_words",
    "date_words",
    "day_words",
    "distance",
    "dose_words",
    "exclusion_words",
    "field_label",
    "field_unit",
    "finding_name",
    "finding_title",
    "fixed",
    "ladder_words",
    "number",
    "pain_alert_words",
    "pain_ceiling_words",
    "pain_words",
    "per_kg",
    "plural",
    "rule_words",
    "severity_words",
    "share_words",
    "short_date_words",
    "signed",
    "source_title",
    "source_words",
    "verdict_words",
]

SIDE_WORDS = {"left": "left leg only", "right": "right leg only", "both": "each side"}

# --- findings ---------------------------------------------------------------------

# Finding codes as a coach names them (CLINICAL.md section 5): headings and lists.
FINDING_NAMES = {
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

# The same findings inside a sentence a client reads ("no sign of a stiff ankle").
FINDING_PHRASES = {
    "ankle_dorsiflexion_restricted": "a stiff ankle",
    "dorsiflexion_asymmetry": "one ankle stiffer than the other",
    "heel_rise": "heels rising in the squat",
    "knee_valgus": "the knee caving in",
    "foot_collapse": "the arch collapsing",
    "anterior_knee_pain": "pain at the front of the knee",
    "forward_lean": "leaning forward in the squat",
    "feet_turn_out": "feet turning out",
    "low_back_arch": "the low back arching",
    "poor_single_leg_balance": "single-leg balance",
    "hip_abductor_weakness": "weak hip side muscles",
    "quad_dominance": "thighs working more than the glutes",
}

SEVERITY_WORDS = {"mild": "Mild", "moderate": "Moderate", "severe": "Severe"}


def finding_name(code: str) -> str:
    """A finding code as a heading: "Knee caves in" (an unknown code never shows raw)."""
    return FINDING_NAMES.get(code, "Another finding")


def finding_title(code: str, side: str | None) -> str:
    """A finding with its side: "Knee caves in, left"."""
    name = finding_name(code)
    if side in ("left", "right"):
        return f"{name}, {side}"
    if side == "both":
        return f"{name}, both sides"
    return name


def severity_words(severity: str) -> str:
    return SEVERITY_WORDS.get(severity, "Not graded")


# --- fields and units -------------------------------------------------------------

# Contract paths in words, with the unit their numbers are in ("{side}" is left or right).
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "dorsiflexion.{side}_cm": ("{side} knee-to-wall", "cm"),
    "dorsiflexion.{side}_deg": ("{side} tibial angle", "degrees"),
    "squat.heels_rise": ("heels rise in the squat", ""),
    "squat.knees_cave.{side}": ("{side} knee caves in (squat)", ""),
    "squat.arch_collapse.{side}": ("{side} arch collapses (squat)", ""),
    "squat.forward_lean": ("forward lean in the squat", ""),
    "squat.feet_turn_out": ("feet turn out in the squat", ""),
    "squat.low_back_arch": ("low back arches in the squat", ""),
    "squat.anterior_knee_pain": ("pain at the front of the knee (squat)", ""),
    "hip.single_leg_stance_s.{side}": ("{side} single-leg stance", "s"),
    "hip.step_down_valgus.{side}": ("{side} knee dives in on step-down", ""),
    "hip.abduction_mmt.{side}": ("{side} hip abduction grade", "grade"),
    "hip.abduction_dynamometer.{side}": ("{side} hip abduction dynamometer", ""),
    "hip.quad_dominant": ("feels quads more than glutes", ""),
    "pain.knee_nrs": ("knee pain", "points"),
    "red_flags": ("red flag", ""),
    "log.pain_during": ("pain during a drill", "points"),
    "log.pain": ("pain reported on the phone", "points"),
    "current_program.started_on": ("weeks in the phase", ""),
}

# Session model fields in words, with their unit.
SESSION_FIELD_UNITS = {
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


def _field(path: str) -> tuple[str, str]:
    for template, (words, unit) in FIELD_WORDS.items():
        if template == path:  # the rule table's own path: "{side}" stands for either
            return words.replace("{side} ", ""), unit
        for side in ("left", "right"):
            if "{side}" in template and template.format(side=side) == path:
                return words.format(side=side), unit
    return "a measurement", ""


def field_label(path: str, *, capital: bool = True) -> str:
    """A contract path in words: "dorsiflexion.left_cm" -> "Left knee-to-wall"."""
    words = _field(path)[0]
    return words[:1].upper() + words[1:] if capital else words


def field_unit(path: str) -> str:
    return _field(path)[1]


# --- doses ------------------------------------------------------------------------


def dose_words(
    *,
    sets: int,
    reps: int | None,
    seconds: int | None,
    tempo: str = "",
    side: str | None = "",
    per_side: bool = False,
) -> str:
    """The dose as a person says it: "2 sets × 10 reps, tempo 3-1-1, left leg only"."""
    if reps and seconds:
        each = f"{plural(reps, 'rep')} of {seconds} s"
    elif reps:
        each = plural(reps, "rep")
    else:
        each = f"{seconds or 0} s"
    words = f"{plural(sets, 'set')} × {each}"
    if tempo:
        words += f", tempo {tempo}"
    side_text = SIDE_WORDS.get(side or "") or ("each side" if per_side else "")
    return f"{words}, {side_text}" if side_text else words


# --- verdicts ---------------------------------------------------------------------

VERDICT_WORDS = {
    "improved": "Improved",
    "worse": "Worse",
    "within_error": "Within measurement error",
    "not_comparable": "Not comparable",
    "unchanged": "Unchanged",
}

CRITERION_WORDS = {"met": "Met", "not_yet": "Not yet", "not_measured": "Not measured"}


def verdict_words(verdict: str) -> str:
    return VERDICT_WORDS.get(verdict, "Not judged")


def criterion_words(status: str) -> str:
    """An exit criterion's state: met, not yet, or not measured."""
    return CRITERION_WORDS.get(status, "Not measured")


# --- restrictions -----------------------------------------------------------------


def contraindication_words(codes: Iterable[str]) -> list[str]:
    """What a client must avoid, in the vocabulary's order (CLINICAL.md section 9).

    A code dropped from the vocabulary since it was stored still reads as words.
    """
    codes = list(codes)
    chosen = set(codes)
    known = [words for code, words in CONTRAINDICATIONS.items() if code in chosen]
    gone = [
        ladder_words(code)
        for code in dict.fromkeys(codes)
        if code not in CONTRAINDICATIONS
    ]
    return known + gone


def exclusion_words(reason: str) -> str:
    """An exclusion reason ("contraindication:no_kneeling", "max_pain:2") in a coach's words."""
    kind, _, value = reason.partition(":")
    if kind == "contraindication":
        return f"conflicts with: {CONTRAINDICATIONS.get(value, 'a restriction')}"
    if kind == "max_pain":
        return f"for knee pain up to {value}/10 only"
    return "not allowed for this client"


def pain_ceiling_words(max_pain: int | None) -> str:
    return "no ceiling" if max_pain is None else f"up to {max_pain}/10"


def ladder_words(ladder: str) -> str:
    """A ladder's key in words: "hip_abductors" -> "Hip abductors"."""
    words = ladder.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


# --- rules and sources ------------------------------------------------------------

_SIGNS = (
    (re.compile(r">=\s*"), "at least "),
    (re.compile(r"<=\s*"), "at most "),
    (re.compile(r"(?<![-\w])<\s*"), "under "),
    (re.compile(r"(?<![-\w])>\s*"), "over "),
    (re.compile(r"(\d) deg\b"), r"\1 degrees"),
)


def rule_words(text: str) -> str:
    """A rule as a sentence: ">= 1.5 cm" -> "at least 1.5 cm", "< 10 s" -> "under 10 s"."""
    for sign, words in _SIGNS:
        text = sign.sub(words, text)
    return text


class _Cited(Protocol):
    @property
    def title(self) -> str: ...


def source_title(key: str, sources: Mapping[str, _Cited] = SOURCES) -> str:
    """A citation key's full reference; a key not in the table reads as a project default."""
    source = sources.get(key)
    return source.title if source else "Weaklink project default, not a validated norm"


def source_words(key: str, sources: Mapping[str, _Cited] = SOURCES) -> str:
    """A citation short enough for a line: "Bennell et al. 1998", "Seed article"."""
    title = source_title(key, sources)
    cut = min(
        (i for i in (title.find(", "), title.find(": ")) if i > 0), default=len(title)
    )
    short = title[:cut]
    year = re.search(r"\b(?:19|20)\d\d\b", title)
    if year and not re.search(r"\b(?:19|20)\d\d\b", short):
        short += f" {year[0]}"  # "Munro A et al., J Sport Rehabil 2012" -> "Munro A et al. 2012"
    return short


def cited(text: str, sources: Mapping[str, _Cited] = SOURCES) -> str:
    """Every citation key inside `text` replaced by its short citation."""
    for key in sorted(sources, key=len, reverse=True):
        text = re.sub(
            rf"(?<![\w-]){re.escape(key)}(?![\w-])", source_words(key, sources), text
        )
    return text


# --- pain alerts ------------------------------------------------------------------


def pain_alert_words(
    *,
    drills: Iterable[str],
    on: date,
    pain_during: int | None,
    pain_next_day: int | None,
) -> str:
    """One pain alert in a sentence: "Knee 5/10 during Split squat on Friday 27 November."."""
    what = ", ".join(drills) or "the drills"
    day = day_words(on)
    parts = []
    if pain_during is not None:
        parts.append(f"knee {pain_words(pain_during)} during {what} on {day}")
    if pain_next_day is not None:
        parts.append(f"knee {pain_words(pain_next_day)} the day after {what} of {day}")
    sentence = "; ".join(parts) or f"pain reported on {day}"
    return sentence[0].upper() + sentence[1:] + "."

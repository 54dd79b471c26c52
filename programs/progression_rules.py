"""Rule tables and wording for the progression builder (CLINICAL.md sections 2, 3, 7).

Pure: no Django and no app imports but the findings core. Everything here is a
project default unless CLINICAL.md names a published source for it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from assessments.core_types import CONTRAINDICATION_CODES, CONTRAINDICATIONS
from assessments.findings import Change, Finding

PHASES = ((1, "Restore", 2), (2, "Control", 2), (3, "Strengthen", 2))
MAX_DRILLS_PER_PHASE = 8  # soft cap: covering every finding wins over it

SEVERITY_RANK = {"severe": 0, "moderate": 1, "mild": 2}
CODE_ORDER = (
    "refer_out",
    "anterior_knee_pain",
    "ankle_dorsiflexion_restricted",
    "dorsiflexion_asymmetry",
    "knee_valgus",
    "hip_abductor_weakness",
    "heel_rise",
    "foot_collapse",
    "poor_single_leg_balance",
    "forward_lean",
    "low_back_arch",
    "quad_dominance",
    "feet_turn_out",
)
PURPOSE_ORDER = {"mobility": 0, "activation": 1, "control": 2, "strength": 3}
SIDE_ORDER = {None: 0, "both": 1, "left": 2, "right": 3}

# Finding code -> ladders that answer it, best first (CLINICAL.md section 2).
# The first ladder the catalogue holds covers the finding; the others are added
# while the phase has room. A code missing here falls back to any catalogue
# drill listing it in its finding_codes.
LADDERS_FOR_FINDING: dict[str, tuple[str, ...]] = {
    "ankle_dorsiflexion_restricted": ("ankle",),
    "dorsiflexion_asymmetry": ("ankle",),
    "heel_rise": ("squat", "ankle"),
    "knee_valgus": ("hip_abductors", "knee_control"),
    "foot_collapse": ("foot", "ankle"),
    "anterior_knee_pain": ("knee_pain",),
    "forward_lean": ("squat", "ankle", "hip_flexors"),
    "feet_turn_out": ("ankle",),
    "low_back_arch": ("glute_max", "hip_flexors", "trunk"),
    "poor_single_leg_balance": ("balance", "hip_abductors"),
    "hip_abductor_weakness": ("hip_abductors", "glute_max"),
    "quad_dominance": ("glute_max",),
}

# A sided finding with one of these codes earns its side one extra set.
EXTRA_SET_CODES = frozenset({"dorsiflexion_asymmetry"})

# Ladder -> re-test fields that move it on re-assessment ("{side}" is filled
# with the track's side, or both sides for a ladder prescribed to both).
LADDER_MEASURES: dict[str, tuple[str, ...]] = {
    "ankle": ("dorsiflexion.{side}_cm", "dorsiflexion.{side}_deg"),
    "squat": ("dorsiflexion.{side}_cm", "pain.knee_nrs"),
    "hip_abductors": ("hip.abduction_mmt.{side}", "hip.abduction_dynamometer.{side}"),
    "knee_control": ("hip.abduction_mmt.{side}", "pain.knee_nrs"),
    "knee_pain": ("pain.knee_nrs",),
    "balance": ("hip.single_leg_stance_s.{side}",),
}

# Re-test field -> (words for a coach, unit).
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "dorsiflexion.{side}_cm": ("{side} knee-to-wall", "cm"),
    "dorsiflexion.{side}_deg": ("{side} knee-to-wall angle", "degrees"),
    "hip.single_leg_stance_s.{side}": ("{side} single-leg stance", "s"),
    "hip.abduction_mmt.{side}": ("{side} hip abduction grade", "grades"),
    "hip.abduction_dynamometer.{side}": ("{side} hip abduction strength", ""),
    "pain.knee_nrs": ("knee pain", "points"),
}


def finding_priority(finding: Finding) -> tuple[int, int, str, int]:
    """Sort key: most severe first, then the clinical order of CODE_ORDER."""
    code_rank = (
        CODE_ORDER.index(finding.code)
        if finding.code in CODE_ORDER
        else len(CODE_ORDER)
    )
    return (
        SEVERITY_RANK.get(finding.severity, len(SEVERITY_RANK)),
        code_rank,
        finding.code,
        SIDE_ORDER.get(finding.side, len(SIDE_ORDER)),
    )


def measure_fields(ladder: str, side: str | None) -> tuple[str, ...]:
    sides = (side,) if side in ("left", "right") else ("left", "right")
    fields: list[str] = []
    for template in LADDER_MEASURES.get(ladder, ()):
        for one_side in sides if "{side}" in template else (None,):
            name = template.format(side=one_side) if one_side else template
            if name not in fields:
                fields.append(name)
    return tuple(fields)


def _num(value: float) -> str:
    return f"{round(abs(value), 1):g}"


def describe_change(change: Change) -> str:
    """One change in words, e.g. "left knee-to-wall improved 2.4 cm, more than the 1.9 cm measurement error"."""
    label, unit = change.field, ""
    for template, (words, template_unit) in FIELD_WORDS.items():
        for side in ("left", "right"):
            if template.format(side=side) == change.field:
                label, unit = words.format(side=side), template_unit
    unit = f" {unit}" if unit else ""
    amount = (
        f"{_num(change.delta)}{unit}"
        if change.delta is not None
        else "an unknown amount"
    )
    error = (
        f"the {_num(change.mdc)}{unit} measurement error"
        if change.mdc is not None
        else ""
    )
    if change.verdict == "improved":
        return f"{label} improved {amount}" + (f", more than {error}" if error else "")
    if change.verdict == "worse":
        return f"{label} got worse by {amount}" + (
            f", more than {error}" if error else ""
        )
    if change.verdict == "within_error":
        return f"{label} changed {amount}, within {error or 'the measurement error'}"
    note = f" ({change.note})" if change.note else ""
    return f"{label} is not comparable between the two sessions{note}"


def no_load_reason(*, refer_out: bool, pain_rising: bool) -> str:
    # refer_out here means a clinician's clearance let the program be built.
    if pain_rising:
        return "loading is not allowed while knee pain is rising"
    if refer_out:
        return "after a referral, loaded rungs wait for the Strengthen phase"
    return "loaded rungs wait for the Strengthen phase"


# The programming status of contract version 2 (DESIGN.md, CLINICAL.md section 8).
STATUS_PROGRAM = "program"
STATUS_REFER_OUT = "refer_out"
STATUS_CLEARED = "cleared"

# The code an anterior knee pain finding applies by itself (CLINICAL.md section 9).
IRRITABLE_ANTERIOR_KNEE = "irritable_anterior_knee"
NO_LOADING_CODE = "no_loading"


def session_contraindications(
    *, contraindications: Collection[str], finding_codes: Collection[str]
) -> frozenset[str]:
    """The client's codes and clearance restrictions, plus what this session applies by itself.

    An `anterior_knee_pain` finding applies `irritable_anterior_knee` for the
    session (CLINICAL.md section 9).
    """
    codes = set(contraindications)
    if "anterior_knee_pain" in finding_codes:
        codes.add(IRRITABLE_ANTERIOR_KNEE)
    return frozenset(codes)


def _code_order(code: str) -> tuple[int, str]:
    known = code in CONTRAINDICATION_CODES
    return (
        CONTRAINDICATION_CODES.index(code) if known else len(CONTRAINDICATION_CODES),
        code,
    )


def exclusion_reason(
    *,
    drill_codes: Collection[str],
    loaded: bool,
    max_pain: int | None,
    contraindications: Collection[str],
    knee_pain: int | None,
) -> str:
    """Why a drill may not be given this session ("" when it may), CLINICAL.md section 9.

    A contraindication wins over the pain ceiling; among codes, the vocabulary's
    order decides, so the same drill always gives the same reason. `no_loading`
    excludes every loaded drill whether or not the drill lists it.
    """
    applying = {code for code in drill_codes if code in contraindications}
    if loaded and NO_LOADING_CODE in contraindications:
        applying.add(NO_LOADING_CODE)
    if applying:
        return f"contraindication:{min(applying, key=_code_order)}"
    if max_pain is not None and knee_pain is not None and knee_pain > max_pain:
        return f"max_pain:{max_pain}"
    return ""


def exclusion_words(reason: str) -> str:
    """An exclusion reason ("contraindication:no_kneeling", "max_pain:2") in a coach's words."""
    kind, _, value = reason.partition(":")
    if kind == "contraindication":
        return f"conflicts with: {CONTRAINDICATIONS.get(value, 'a restriction')}"
    if kind == "max_pain":
        return f"for knee pain up to {value}/10 only"
    return "not allowed for this client"


def ladder_step(
    *, ladder: str, side: str | None, changes: Sequence[Change], pain_rising: bool
) -> tuple[int, list[str]]:
    """-1, 0 or +1 rung for one ladder on re-assessment, with the reasons in words."""
    if pain_rising:
        return -1, ["knee pain is rising"]
    wanted = measure_fields(ladder, side)
    relevant = sorted(
        (c for c in changes if c.field in wanted),
        key=lambda c: (wanted.index(c.field), c.verdict, c.delta or 0.0),
    )
    worse = [c for c in relevant if c.verdict == "worse"]
    improved = [c for c in relevant if c.verdict == "improved"]
    # Any measure worse beyond its error moves down, whatever else improved;
    # within error or not comparable holds.
    if worse:
        step, shown = -1, worse
    elif improved:
        step, shown = 1, improved
    else:
        step, shown = 0, relevant
    words = [describe_change(c) for c in shown]
    return step, words or ["no re-test measure for this ladder"]


def _evidence_value(finding: Finding, prefix: str) -> float | None:
    for item in finding.evidence:
        if (
            item.field.startswith(prefix)
            and isinstance(item.value, int | float)
            and not isinstance(item.value, bool)
        ):
            return float(item.value)
    return None


def _other(side: str | None) -> str:
    return {"left": "right", "right": "left"}.get(side or "", "other side")


def exit_criteria(finding: Finding, phase_number: int) -> tuple[str, ...]:
    """Measurable exit criteria for one finding in one phase (CLINICAL.md section 7)."""
    side = finding.side if finding.side in ("left", "right") else None
    sides = (side,) if side else ("left", "right")
    code = finding.code
    if code == "ankle_dorsiflexion_restricted":
        criteria = []
        for one in sides:
            now = _evidence_value(finding, f"dorsiflexion.{one}_cm")
            if phase_number == 1 and now is not None and now + 1.9 < 10:
                # Restore asks for a real change first: more than the 1.9 cm MDC.
                criteria.append(
                    f"{one} knee-to-wall >= {now + 1.9:.1f} cm (today {now:.1f} cm, more than the 1.9 cm measurement error)"
                )
            else:
                criteria.append(f"{one} knee-to-wall >= 10 cm")
        return tuple(criteria)
    if code == "dorsiflexion_asymmetry":
        return (f"{side or 'lower'} knee-to-wall within 1.5 cm of the {_other(side)}",)
    if code == "knee_valgus":
        on_step_down = any(
            item.field.startswith("hip.step_down") for item in finding.evidence
        )
        task = "step-down" if on_step_down else "squat"
        return tuple(f"no knee valgus on the {one} {task}" for one in sides)
    if code == "poor_single_leg_balance":
        return tuple(f"single-leg stance >= 10 s on the {one}" for one in sides)
    if code == "hip_abductor_weakness":
        if any(
            item.field.startswith("hip.abduction_dynamometer")
            for item in finding.evidence
        ):
            return tuple(
                f"{one} hip abduction strength within 90 % of the {_other(one)}"
                for one in sides
            )
        return tuple(f"{one} hip abduction grade >= 4/5" for one in sides)
    if code == "anterior_knee_pain":
        return ("knee pain <= 2/10 during the squat",)
    if code == "foot_collapse":
        return tuple(
            f"{one} arch holds without collapsing inward in the squat" for one in sides
        )
    words = {
        "heel_rise": "heels stay down in a flat-foot bodyweight squat",
        "forward_lean": "chest stays tall in the bodyweight squat",
        "feet_turn_out": "feet stay pointing forward in the squat",
        "low_back_arch": "no low back arch in the squat",
        "quad_dominance": "glutes felt working in the single-leg bridge",
    }
    return (words.get(code, f"{code.replace('_', ' ')} no longer found on re-test"),)


def phase_criteria(
    *,
    findings: list[Finding],
    phase_number: int,
    pain_rising: bool,
    loading: bool = True,
) -> tuple[str, ...]:
    criteria: list[str] = []
    for finding in findings:
        criteria.extend(exit_criteria(finding, phase_number))
    if pain_rising:
        criteria.append("knee pain no longer rising from session to session")
    if phase_number == 3:
        kind = "loaded drills" if loading else "drills"
        criteria.append(f"pain during the {kind} <= 3/10 and settled by the next day")
    criteria = list(dict.fromkeys(criteria))  # ordered de-duplication
    return tuple(criteria) or ("drills done with good form and pain <= 3/10",)

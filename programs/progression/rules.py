"""Rule tables and wording for the progression builder (CLINICAL.md sections 2, 3, 7).

Pure: no Django and no app imports but the findings core. Everything here is a
project default unless CLINICAL.md names a published source for it.
"""

from __future__ import annotations

from collections.abc import Collection

from assessments.core.findings import Change, Finding
from assessments.core.types import CONTRAINDICATION_CODES
from assessments.core.wording import amount as size
from assessments.core.wording import field_label, field_unit, plural

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
    "anterior_knee_pain": ("knee_pain", "hip_abductors"),
    "forward_lean": ("squat", "ankle", "hip_flexors"),
    "feet_turn_out": ("ankle",),
    "low_back_arch": ("glute_max", "hip_flexors", "trunk"),
    "poor_single_leg_balance": ("balance", "hip_abductors"),
    # Never only a two-legged glute max drill (CLINICAL.md section 12).
    "hip_abductor_weakness": ("hip_abductors",),
    "quad_dominance": ("glute_max",),
}

# Findings that need every one of their ladders at once: anterior knee pain
# gets hip and knee work together (CLINICAL.md section 12, `crossley-2016`).
LADDERS_TOGETHER: dict[str, tuple[str, ...]] = {
    "anterior_knee_pain": ("knee_pain", "hip_abductors"),
}

# A sided finding with one of these codes earns its side one extra set.
EXTRA_SET_CODES = frozenset({"dorsiflexion_asymmetry"})


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


def describe_change(change: Change) -> str:
    """One change in words.

    Only knee-to-wall has a published MDC, so only it is ever "more than" or
    "within" the measurement error ("left knee-to-wall improved 2.4 cm, more than
    the 1.9 cm measurement error"). A muscle test moves "up one grade"; the other
    measures improved, got worse or are unchanged, with no claim about error.
    """
    label, unit = field_label(change.field, capital=False), field_unit(change.field)
    if change.verdict == "not_comparable":
        note = f" ({change.note})" if change.note else ""
        return f"{label} is not comparable between the two sessions{note}"
    if change.field.startswith("hip.abduction_mmt") and change.delta is not None:
        grades = abs(int(change.delta))
        if grades == 0:
            return f"{label} unchanged ({change.after} of 5)"
        direction = "up" if change.delta > 0 else "down"
        amount = "one grade" if grades == 1 else plural(grades, "grade")
        side = label.split(" ")[0]
        return f"{side} hip abduction {direction} {amount} ({change.before} to {change.after} of 5)"
    amount = (
        size(abs(change.delta), unit)
        if change.delta is not None
        else "an unknown amount"
    )
    if change.mdc is None:
        if change.verdict == "improved":
            return f"{label} improved by {amount}"
        if change.verdict == "worse":
            return f"{label} got worse by {amount}"
        return f"{label} unchanged"
    error = f"the {size(change.mdc, unit)} measurement error"
    if change.verdict == "improved":
        return f"{label} improved {amount}, more than {error}"
    if change.verdict == "worse":
        return f"{label} got worse by {amount}, more than {error}"
    return f"{label} changed {amount}, within {error}"


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

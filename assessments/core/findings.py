"""The pure rules core: an assessment session in, findings with evidence out.

No Django and no app imports here (see ../shared/STYLE.md). Every threshold
lives in RULES with the source key CLINICAL.md gives it, so the table can be
shown to admins and changed in one place.
"""

from __future__ import annotations

# The core's public API, importable from here as one module (see __all__).
from assessments.core.changes import (
    MEASURES,
    Measure,
    compare_sessions,
    measure_value,
    pain_rising,
)
from assessments.core.evidence import (
    _OTHER,
    _band_high_is_worse,
    _band_low_is_worse,
    _evidence,
    _fmt,
    _worst,
)
from assessments.core.findings_hip import _balance, _hip_strength
from assessments.core.numbers import shown_beside, shown_number
from assessments.core.rules import (
    PROJECT_DEFAULT,
    PUBLISHED,
    RULES,
    RULES_BY_KEY,
    SOURCES,
    Rule,
    Source,
    exact_number,
    threshold,
)
from assessments.core.types import (
    FINDING_CODES,
    FOOTWEAR,
    METHODS,
    RED_FLAGS,
    SEVERITIES,
    SIDES,
    Change,
    Dorsiflexion,
    Evidence,
    Finding,
    FindingsResult,
    Hip,
    PerSide,
    SessionInput,
    Squat,
)

__all__ = [
    "FINDING_CODES",
    "FOOTWEAR",
    "MEASURES",
    "METHODS",
    "PROJECT_DEFAULT",
    "PUBLISHED",
    "RED_FLAGS",
    "RULES",
    "RULES_BY_KEY",
    "SEVERITIES",
    "SIDES",
    "SOURCES",
    "Change",
    "Dorsiflexion",
    "Evidence",
    "Finding",
    "FindingsResult",
    "Hip",
    "Measure",
    "PerSide",
    "Rule",
    "SessionInput",
    "Source",
    "Squat",
    "compare_sessions",
    "evaluate_session",
    "measure_value",
    "pain_rising",
]


# --- Findings --------------------------------------------------------------------

_SIDE_ORDER = {"left": 0, "right": 1, "both": 2, None: 3}


def _ankle(dorsiflexion: Dorsiflexion) -> list[Finding]:
    found: list[Finding] = []
    for side in SIDES:
        cm = getattr(dorsiflexion, f"{side}_cm")
        deg = getattr(dorsiflexion, f"{side}_deg")
        if (value := exact_number(cm)) is not None:
            unit, raw = "cm", cm
        elif (value := exact_number(deg)) is not None:
            unit, raw = "deg", deg
        else:
            continue
        aim = shown_number(threshold(f"ktw_restricted_{unit}"))
        target = f"we aim for {aim} {'cm' if unit == 'cm' else 'degrees'}"
        if value >= threshold(f"ktw_restricted_{unit}"):
            continue
        # Never rounded up onto the threshold: 9.99 cm reads 9.9 cm, not 10.0.
        limit = threshold(f"ktw_restricted_{unit}")
        number = shown_beside(float(raw), limit=limit, below=True)
        shown = f"{number} cm" if unit == "cm" else f"{number} degrees"
        found.append(
            Finding(
                code="ankle_dorsiflexion_restricted",
                side=side,
                severity=_band_low_is_worse(value, f"ktw_bands_{unit}"),
                evidence=(_evidence(f"ktw_restricted_{unit}", value=raw, side=side),),
                summary=f"Your {side} ankle bends less than it should: knee-to-wall {shown}, {target}.",
            )
        )
    found.extend(_ankle_asymmetry(dorsiflexion))
    return found


def _ankle_asymmetry(dorsiflexion: Dorsiflexion) -> list[Finding]:
    # Only like with like: both sides in cm, else both in degrees.
    for unit in ("cm", "deg"):
        left_raw = getattr(dorsiflexion, f"left_{unit}")
        right_raw = getattr(dorsiflexion, f"right_{unit}")
        left, right = exact_number(left_raw), exact_number(right_raw)
        if left is None or right is None:
            continue
        difference = abs(left - right)
        if difference < threshold(f"ktw_asymmetry_{unit}"):
            return []
        lower = "left" if left < right else "right"
        word = "cm" if unit == "cm" else "degrees"
        low_raw, high_raw = (
            (left_raw, right_raw) if lower == "left" else (right_raw, left_raw)
        )
        limit = f"{shown_number(threshold(f'ktw_asymmetry_{unit}'))} {word}"
        return [
            Finding(
                code="dorsiflexion_asymmetry",
                side=lower,
                severity=_band_high_is_worse(difference, f"ktw_asymmetry_bands_{unit}"),
                evidence=(
                    _evidence(f"ktw_asymmetry_{unit}", value=left_raw, side="left"),
                    _evidence(f"ktw_asymmetry_{unit}", value=right_raw, side="right"),
                ),
                summary=(
                    f"Your {lower} ankle bends {shown_beside(float(difference), limit=threshold(f'ktw_asymmetry_{unit}'), below=False)} {word} less than your {_OTHER[lower]} "
                    f"(knee-to-wall {_fmt(low_raw)} against {_fmt(high_raw)} {word}); "
                    f"a difference of {limit} or more is more than measurement error."
                ),
            )
        ]
    return []


_FLAG_SUMMARIES = {
    "heel_rise": "Your heels come off the floor when you squat, which usually points to stiff ankles.",
    "anterior_knee_pain": "You feel pressure or a pinch at the front of the knee when you squat.",
    "forward_lean": "Your chest tips forward a lot when you squat, often from stiff calves or hips.",
    "feet_turn_out": "Your feet turn out when you squat, often a sign of tight calves.",
    "low_back_arch": "Your lower back arches when you squat, often from tight hip flexors and quiet glutes.",
    "quad_dominance": "You feel your thighs (quads) working more than your glutes.",
}


def _flags(session: SessionInput) -> list[Finding]:
    squat = session.squat
    observed = (
        ("heel_rise", "heel_rise_seen", squat.heels_rise),
        ("anterior_knee_pain", "anterior_knee_pain_seen", squat.anterior_knee_pain),
        ("forward_lean", "forward_lean_seen", squat.forward_lean),
        ("feet_turn_out", "feet_turn_out_seen", squat.feet_turn_out),
        ("low_back_arch", "low_back_arch_seen", squat.low_back_arch),
        ("quad_dominance", "quad_dominance_reported", session.hip.quad_dominant),
    )
    found: list[Finding] = []
    for code, rule_key, flag in observed:
        if flag is not True:
            continue
        evidence = [_evidence(rule_key, value=True)]
        severity = RULES_BY_KEY[rule_key].severity
        summary = _FLAG_SUMMARIES[code]
        pain = exact_number(session.knee_pain_nrs)
        if code == "anterior_knee_pain" and pain is not None:
            evidence.append(
                _evidence("anterior_knee_pain_bands", value=session.knee_pain_nrs)
            )
            if pain > threshold("anterior_knee_pain_bands", 0):
                severity = (
                    "severe"
                    if pain >= threshold("anterior_knee_pain_bands", 1)
                    else "moderate"
                )
            summary = f"{summary[:-1]} (pain {session.knee_pain_nrs}/10)."
        found.append(
            Finding(
                code=code,
                side=None,
                severity=severity,
                evidence=tuple(evidence),
                summary=summary,
            )
        )
    for side in SIDES:
        if session.squat.arch_collapse.get(side) is True:
            found.append(
                Finding(
                    code="foot_collapse",
                    side=side,
                    severity=RULES_BY_KEY["foot_collapse_seen"].severity,
                    evidence=(_evidence("foot_collapse_seen", value=True, side=side),),
                    summary=f"Your {side} arch collapses inward when you squat.",
                )
            )
    return found


def _knee_valgus(session: SessionInput) -> list[Finding]:
    found: list[Finding] = []
    for side in SIDES:
        in_squat = session.squat.knees_cave.get(side) is True
        in_step_down = session.hip.step_down_valgus.get(side) is True
        if not (in_squat or in_step_down):
            continue
        evidence: list[Evidence] = []
        severities: list[str] = []
        where: list[str] = []
        if in_squat:
            evidence.append(_evidence("knee_valgus_squat", value=True, side=side))
            severities.append(RULES_BY_KEY["knee_valgus_squat"].severity)
            where.append("squat")
        if in_step_down:
            evidence.append(_evidence("knee_valgus_step_down", value=True, side=side))
            severities.append(RULES_BY_KEY["knee_valgus_step_down"].severity)
            where.append("step down")
        if in_squat and in_step_down:
            severities.append(RULES_BY_KEY["knee_valgus_both_tests"].severity)
        found.append(
            Finding(
                code="knee_valgus",
                side=side,
                severity=_worst(*severities),
                evidence=tuple(evidence),
                summary=(
                    f"Your {side} knee drifts inward when you {' and when you '.join(where)}; "
                    "the hip muscles that steer it need work."
                ),
            )
        )
    return found


_RED_FLAG_WORDS = {
    "trauma": "a recent injury",
    "swelling": "swelling",
    "locking": "the knee locking",
    "giving_way": "the knee giving way",
    "night_pain": "pain at night or at rest",
    "numbness": "numbness or tingling",
}


def _refer_out(session: SessionInput) -> Finding | None:
    # Every entry counts, even one outside the vocabulary: when in doubt, refer.
    flags = sorted(
        set(session.red_flags),
        key=lambda flag: (
            RED_FLAGS.index(flag) if flag in RED_FLAGS else len(RED_FLAGS),
            flag,
        ),
    )
    evidence = [_evidence("red_flag_refer_out", value=flag) for flag in flags]
    reasons = [_RED_FLAG_WORDS.get(flag, flag) for flag in flags]
    pain = exact_number(session.knee_pain_nrs)
    if pain is not None and pain >= threshold("pain_refer_out"):
        evidence.append(_evidence("pain_refer_out", value=session.knee_pain_nrs))
        reasons.append(f"knee pain of {session.knee_pain_nrs}/10")
    if not evidence:
        return None
    return Finding(
        code="refer_out",
        side=None,
        severity=RULES_BY_KEY["red_flag_refer_out"].severity,
        evidence=tuple(evidence),
        summary=f"Please see a clinician before training: {', '.join(reasons)}.",
    )


def _finding_order(finding: Finding) -> tuple[int, int]:
    return FINDING_CODES.index(finding.code), _SIDE_ORDER.get(finding.side, 4)


def evaluate_session(*, session: SessionInput) -> FindingsResult:
    """Findings with evidence for one session, in a fixed order."""
    findings = [
        *_ankle(session.dorsiflexion),
        *_flags(session),
        *_knee_valgus(session),
        *_balance(session.hip),
        *_hip_strength(session.hip),
    ]
    refer = _refer_out(session)
    if refer is not None:
        findings.append(refer)
    return FindingsResult(
        findings=tuple(sorted(findings, key=_finding_order)),
        refer_out=refer is not None,
    )

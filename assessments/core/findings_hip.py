"""The hip's findings: single-leg balance and hip abduction strength (pure, no Django).

Part of the findings rules of assessments/core/findings.py (evaluate_session).
"""

from __future__ import annotations

from assessments.core.evidence import _OTHER, _evidence, _fmt_short, _worst
from assessments.core.numbers import shown_number
from assessments.core.rules import RULES_BY_KEY, exact_number, threshold
from assessments.core.types import SIDES, Evidence, Finding, Hip, PerSide
from assessments.core.wording import share_words


def _weaker_side(
    per_side: PerSide, *, ratio_key: str
) -> tuple[str, float | int, float | int] | None:
    """The side under `ratio` of the other, with (weaker, stronger) raw values."""
    left, right = exact_number(per_side.left), exact_number(per_side.right)
    if left is None or right is None or left == right:
        return None
    weaker = "left" if left < right else "right"
    low, high = min(left, right), max(left, right)
    weak, strong = per_side.get(weaker), per_side.get(_OTHER[weaker])
    if low < threshold(ratio_key) * high and weak is not None and strong is not None:
        return weaker, weak, strong
    return None


def _balance(hip: Hip) -> list[Finding]:
    asymmetric = _weaker_side(hip.single_leg_stance_s, ratio_key="stance_asymmetry")
    found: list[Finding] = []
    for side in SIDES:
        raw = hip.single_leg_stance_s.get(side)
        value = exact_number(raw)
        if raw is None or value is None:
            continue
        evidence: list[Evidence] = []
        severities: list[str] = []
        parts: list[str] = []
        if value < threshold("stance_poor"):
            evidence.append(_evidence("stance_poor", value=raw, side=side))
            severities.append(RULES_BY_KEY["stance_poor"].severity)
            parts.append(
                f"You balanced on your {side} leg for {_fmt_short(raw, limit=threshold('stance_poor'))} s; we aim for at least {shown_number(threshold('stance_poor'))} s."
            )
        if asymmetric is not None and asymmetric[0] == side:
            other = _OTHER[side]
            evidence.append(_evidence("stance_asymmetry", value=raw, side=side))
            evidence.append(
                _evidence("stance_asymmetry", value=asymmetric[2], side=other)
            )
            severities.append(RULES_BY_KEY["stance_asymmetry"].severity)
            parts.append(
                f"Your {side} leg balance ({_fmt_short(raw)} s) is under {share_words(threshold('stance_asymmetry'))} of your {other} ({_fmt_short(asymmetric[2])} s)."
            )
        if evidence:
            found.append(
                Finding(
                    code="poor_single_leg_balance",
                    side=side,
                    severity=_worst(*severities),
                    evidence=tuple(evidence),
                    summary=" ".join(parts),
                )
            )
    return found


def _hip_strength(hip: Hip) -> list[Finding]:
    mmt = hip.abduction_mmt
    left, right = exact_number(mmt.left), exact_number(mmt.right)
    grade_gap_side: str | None = None
    if (
        left is not None
        and right is not None
        and abs(left - right) >= threshold("mmt_asymmetry")
    ):
        grade_gap_side = "left" if left < right else "right"
    dynamometer = _weaker_side(
        hip.abduction_dynamometer, ratio_key="dynamometer_asymmetry"
    )
    found: list[Finding] = []
    for side in SIDES:
        raw = mmt.get(side)
        grade = exact_number(raw)
        other = _OTHER[side]
        evidence: list[Evidence] = []
        severities: list[str] = []
        parts: list[str] = []
        if grade is not None and grade <= threshold("mmt_weak"):
            evidence.append(_evidence("mmt_weak", value=raw, side=side))
            very_weak = grade <= threshold("mmt_very_weak")
            severities.append(
                RULES_BY_KEY["mmt_very_weak" if very_weak else "mmt_weak"].severity
            )
            parts.append(
                f"Your {side} hip side muscles were graded {raw} of 5; we aim for {threshold('mmt_weak') + 1} or more."
            )
        if grade_gap_side == side:
            evidence.append(_evidence("mmt_asymmetry", value=raw, side=side))
            evidence.append(
                _evidence("mmt_asymmetry", value=mmt.get(other), side=other)
            )
            severities.append(RULES_BY_KEY["mmt_asymmetry"].severity)
            parts.append(
                f"Your {side} hip side muscles test weaker than your {other} ({raw} against {mmt.get(other)} of 5)."
            )
        if dynamometer is not None and dynamometer[0] == side:
            evidence.append(
                _evidence("dynamometer_asymmetry", value=dynamometer[1], side=side)
            )
            evidence.append(
                _evidence("dynamometer_asymmetry", value=dynamometer[2], side=other)
            )
            severities.append(RULES_BY_KEY["dynamometer_asymmetry"].severity)
            parts.append(
                f"Your {side} hip pushes out with under 90 % of the force of your {other}."
            )
        if evidence:
            found.append(
                Finding(
                    code="hip_abductor_weakness",
                    side=side,
                    severity=_worst(*severities),
                    evidence=tuple(evidence),
                    summary=" ".join(parts),
                )
            )
    return found

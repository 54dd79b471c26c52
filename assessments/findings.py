"""The pure rules core: an assessment session in, findings with evidence out.

No Django and no app imports here (see ../shared/STYLE.md). Every threshold
lives in RULES with the source key CLINICAL.md gives it, so the table can be
shown to admins and changed in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

# Vocabularies of the findings contract (DESIGN.md).
SIDES = ("left", "right")
METHODS = ("tape", "inclinometer")
FOOTWEAR = ("barefoot", "shoes")
RED_FLAGS = ("trauma", "swelling", "locking", "giving_way", "night_pain", "numbness")
SEVERITIES = ("mild", "moderate", "severe")
FINDING_CODES = (
    "ankle_dorsiflexion_restricted",
    "dorsiflexion_asymmetry",
    "heel_rise",
    "knee_valgus",
    "foot_collapse",
    "anterior_knee_pain",
    "forward_lean",
    "feet_turn_out",
    "low_back_arch",
    "poor_single_leg_balance",
    "hip_abductor_weakness",
    "quad_dominance",
    "refer_out",
)


@dataclass(frozen=True, slots=True)
class PerSide[T]:
    left: T | None = None
    right: T | None = None

    def get(self, side: str) -> T | None:
        return self.left if side == "left" else self.right


@dataclass(frozen=True, slots=True)
class Dorsiflexion:
    left_cm: float | None = None
    right_cm: float | None = None
    left_deg: float | None = None
    right_deg: float | None = None
    method: str | None = None  # "tape" | "inclinometer"
    footwear: str | None = None  # "barefoot" | "shoes"


@dataclass(frozen=True, slots=True)
class Squat:
    heels_rise: bool | None = None
    knees_cave: PerSide[bool] = field(default_factory=PerSide)
    arch_collapse: PerSide[bool] = field(default_factory=PerSide)
    forward_lean: bool | None = None
    feet_turn_out: bool | None = None
    low_back_arch: bool | None = None
    anterior_knee_pain: bool | None = None


@dataclass(frozen=True, slots=True)
class Hip:
    single_leg_stance_s: PerSide[float] = field(default_factory=PerSide)
    step_down_valgus: PerSide[bool] = field(default_factory=PerSide)
    abduction_mmt: PerSide[int] = field(default_factory=PerSide)  # 0-5
    abduction_dynamometer: PerSide[float] = field(default_factory=PerSide)  # N or kg
    quad_dominant: bool | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SessionInput:
    """One assessment session, every section optional."""

    assessed_on: date | None = None
    age: int | None = None
    dorsiflexion: Dorsiflexion = field(default_factory=Dorsiflexion)
    squat: Squat = field(default_factory=Squat)
    hip: Hip = field(default_factory=Hip)
    knee_pain_nrs: int | None = None  # 0-10
    red_flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    field: str  # dotted path of the contract, e.g. "dorsiflexion.left_cm"
    value: float | int | bool | str | None
    rule: str  # e.g. "< 10 cm"
    source: str  # source key of CLINICAL.md, e.g. "seed-ktw-4in"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    side: str | None  # "left" | "right" | "both" | None
    severity: str  # "mild" | "moderate" | "severe"
    evidence: tuple[Evidence, ...]
    summary: str  # plain language a client could read


@dataclass(frozen=True, slots=True)
class FindingsResult:
    findings: tuple[Finding, ...]
    refer_out: bool


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    before: float | int | None
    after: float | int | None
    delta: float | None
    mdc: float | None
    verdict: str  # "improved" | "worse" | "within_error" | "not_comparable"
    note: str = ""  # why not comparable, in words


# --- Sources and the rule table ------------------------------------------------

PUBLISHED = "published"
PROJECT_DEFAULT = "project default"


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    title: str
    status: str  # PUBLISHED | PROJECT_DEFAULT


# fmt: off
SOURCES: dict[str, Source] = {
    source.key: source
    for source in (
        Source("physiopedia-ktw", "Physiopedia, knee-to-wall test: 1 cm is about 3.6 degrees", PUBLISHED),
        Source("bennell-1998", "Bennell et al. 1998, Aust J Physiother 44:175-180: knee-to-wall reliability", PUBLISHED),
        Source("powden-2015", "Powden et al. 2015, systematic review of the weight-bearing lunge test (PMID 25704110)", PUBLISHED),
        Source("chisholm-2012", "Chisholm et al. 2012, left-right weight-bearing lunge difference (PMC3484905)", PUBLISHED),
        Source("bmc-msd-2014", "BMC Musculoskeletal Disorders 15:246: healthy tibial angle about 39 degrees", PUBLISHED),
        Source("footwear-faq", "Podiatry FAQ: shoes add about 1 cm to knee-to-wall", PUBLISHED),
        Source("seed-ktw-4in", "Seed article: knee about 4 inches (10 cm) from the wall", PROJECT_DEFAULT),
        Source("boksmart", "BokSmart rugby screening: 12 cm minimal standard", PUBLISHED),
        Source("araujo-2022", "Araujo et al. 2022, BJSM: failing a 10 s single-leg stance", PUBLISHED),
        Source("springer-2007", "Springer et al. 2007, J Geriatr Phys Ther 30:8-15: single-leg stance norms by age", PUBLISHED),
        Source("nasm-ohsa", "NASM Essentials of Personal Fitness Training 4th ed., table 7.6: overhead squat assessment", PUBLISHED),
        Source("seed-observation", "Seed articles (a coach's and a physical therapist's): observed faults", PROJECT_DEFAULT),
        Source("project-default", "Weaklink project default, not a validated norm", PROJECT_DEFAULT),
    )
}
# fmt: on


@dataclass(frozen=True, slots=True)
class Rule:
    """One threshold, where it comes from and what it triggers.

    `field` is a contract path; "{side}" stands for left or right. `severity`
    is what the rule gives when it fires; band rules leave it empty and grade
    by their `thresholds` instead. `code` is empty for change (MDC) rules.
    """

    key: str
    code: str
    field: str
    comparison: str
    thresholds: tuple[float, ...]
    source: str
    status: str
    severity: str = ""


_PD = PROJECT_DEFAULT

# One rule a line so the table reads as a table.
# fmt: off
RULES: tuple[Rule, ...] = (
    # Knee-to-wall, cm (tape). Degrees only when no cm for that side: the
    # thresholds are the cm ones times 3.6 (physiopedia-ktw), not a conversion
    # of the measured value, so the evidence shows what was measured.
    Rule("ktw_restricted_cm", "ankle_dorsiflexion_restricted", "dorsiflexion.{side}_cm", "< 10 cm", (10.0,), "seed-ktw-4in", _PD),
    Rule("ktw_bands_cm", "ankle_dorsiflexion_restricted", "dorsiflexion.{side}_cm", "mild 8 to < 10 cm, moderate 5 to < 8 cm, severe < 5 cm", (10.0, 8.0, 5.0), "project-default", _PD),
    Rule("ktw_restricted_deg", "ankle_dorsiflexion_restricted", "dorsiflexion.{side}_deg", "< 36 deg (10 cm at 3.6 deg per cm)", (36.0,), "seed-ktw-4in", _PD),
    Rule("ktw_bands_deg", "ankle_dorsiflexion_restricted", "dorsiflexion.{side}_deg", "mild 28.8 to < 36 deg, moderate 18 to < 28.8 deg, severe < 18 deg (cm bands at 3.6 deg per cm)", (36.0, 28.8, 18.0), "project-default", _PD),
    Rule("ktw_asymmetry_cm", "dorsiflexion_asymmetry", "dorsiflexion.{side}_cm", ">= 1.5 cm left-right difference", (1.5,), "chisholm-2012", PUBLISHED),
    Rule("ktw_asymmetry_bands_cm", "dorsiflexion_asymmetry", "dorsiflexion.{side}_cm", "mild 1.5 to < 3 cm, moderate 3 to < 5 cm, severe >= 5 cm", (1.5, 3.0, 5.0), "project-default", _PD),
    Rule("ktw_asymmetry_deg", "dorsiflexion_asymmetry", "dorsiflexion.{side}_deg", ">= 5.4 deg left-right difference (1.5 cm at 3.6 deg per cm)", (5.4,), "chisholm-2012", _PD),
    Rule("ktw_asymmetry_bands_deg", "dorsiflexion_asymmetry", "dorsiflexion.{side}_deg", "mild 5.4 to < 10.8 deg, moderate 10.8 to < 18 deg, severe >= 18 deg", (5.4, 10.8, 18.0), "project-default", _PD),
    # Squat and step-down observations.
    Rule("heel_rise_seen", "heel_rise", "squat.heels_rise", "seen in the squat", (), "seed-observation", _PD, "mild"),
    Rule("knee_valgus_squat", "knee_valgus", "squat.knees_cave.{side}", "seen in the squat", (), "nasm-ohsa", PUBLISHED, "mild"),
    Rule("knee_valgus_step_down", "knee_valgus", "hip.step_down_valgus.{side}", "seen in the step-down", (), "seed-observation", _PD, "mild"),
    Rule("knee_valgus_both_tests", "knee_valgus", "squat.knees_cave.{side}", "seen in the squat and the step-down: moderate", (), "project-default", _PD, "moderate"),
    Rule("foot_collapse_seen", "foot_collapse", "squat.arch_collapse.{side}", "seen in the squat", (), "seed-observation", _PD, "mild"),
    Rule("anterior_knee_pain_seen", "anterior_knee_pain", "squat.anterior_knee_pain", "felt in the squat", (), "seed-observation", _PD, "mild"),
    Rule("anterior_knee_pain_bands", "anterior_knee_pain", "pain.knee_nrs", "mild <= 3, moderate 4 to 6, severe >= 7 of 10", (3.0, 7.0), "project-default", _PD),
    Rule("forward_lean_seen", "forward_lean", "squat.forward_lean", "seen in the squat", (), "nasm-ohsa", PUBLISHED, "mild"),
    Rule("feet_turn_out_seen", "feet_turn_out", "squat.feet_turn_out", "seen in the squat", (), "nasm-ohsa", PUBLISHED, "mild"),
    Rule("low_back_arch_seen", "low_back_arch", "squat.low_back_arch", "seen in the squat", (), "nasm-ohsa", PUBLISHED, "mild"),
    # Hip control and strength.
    Rule("stance_poor", "poor_single_leg_balance", "hip.single_leg_stance_s.{side}", "< 10 s", (10.0,), "araujo-2022", PUBLISHED, "moderate"),
    Rule("stance_asymmetry", "poor_single_leg_balance", "hip.single_leg_stance_s.{side}", "< 2/3 of the other side", (2 / 3,), "project-default", _PD, "mild"),
    Rule("mmt_weak", "hip_abductor_weakness", "hip.abduction_mmt.{side}", "<= 3 of 5", (3.0,), "project-default", _PD, "moderate"),
    Rule("mmt_very_weak", "hip_abductor_weakness", "hip.abduction_mmt.{side}", "<= 2 of 5: severe", (2.0,), "project-default", _PD, "severe"),
    Rule("mmt_asymmetry", "hip_abductor_weakness", "hip.abduction_mmt.{side}", ">= 1 grade below the other side", (1.0,), "project-default", _PD, "mild"),
    Rule("dynamometer_asymmetry", "hip_abductor_weakness", "hip.abduction_dynamometer.{side}", "< 90 % of the other side", (0.9,), "project-default", _PD, "mild"),
    Rule("quad_dominance_reported", "quad_dominance", "hip.quad_dominant", "reported by the client", (), "seed-observation", _PD, "mild"),
    # Pain and red flags.
    Rule("pain_refer_out", "refer_out", "pain.knee_nrs", ">= 7 of 10", (7.0,), "project-default", _PD, "severe"),
    Rule("red_flag_refer_out", "refer_out", "red_flags", "any red flag", (), "project-default", _PD, "severe"),
    Rule("pain_rising", "", "pain.knee_nrs", "up >= 2 points since the previous session (lower is better)", (2.0,), "project-default", _PD),
    # Minimal detectable change between two sessions: smaller is measurement error.
    Rule("mdc_ktw_cm", "", "dorsiflexion.{side}_cm", "change >= 1.9 cm (same tester)", (1.9,), "powden-2015", PUBLISHED),
    Rule("mdc_ktw_deg", "", "dorsiflexion.{side}_deg", "change >= 4.7 deg (same tester)", (4.7,), "powden-2015", PUBLISHED),
    Rule("mdc_stance_s", "", "hip.single_leg_stance_s.{side}", "change >= 5 s", (5.0,), "project-default", _PD),
    Rule("mdc_mmt", "", "hip.abduction_mmt.{side}", "change >= 1 grade", (1.0,), "project-default", _PD),
    Rule("mdc_dynamometer", "", "hip.abduction_dynamometer.{side}", "change >= 10 % of the earlier value", (0.1,), "project-default", _PD),
)
# fmt: on

RULES_BY_KEY: dict[str, Rule] = {rule.key: rule for rule in RULES}


def _threshold(key: str, index: int = 0) -> Fraction:
    # Exact arithmetic so a value sitting on a threshold (7.9 + 2.1 = 10) is
    # judged as written, not as binary floating point rounds it.
    return Fraction(RULES_BY_KEY[key].thresholds[index]).limit_denominator(1000)


def _number(value: float | int | None) -> Fraction | None:
    """A usable measurement as written (7.9 stays 79/10), or None."""
    if value is None or isinstance(value, bool):
        return None
    if not isinstance(value, float):
        return Fraction(value)  # int, or a Decimal from a model field
    if not math.isfinite(value):
        return None
    return Fraction(repr(value))


def _evidence(
    rule_key: str, *, value: float | int | bool | str | None, side: str | None = None
) -> Evidence:
    rule = RULES_BY_KEY[rule_key]
    path = rule.field.format(side=side) if side else rule.field
    return Evidence(field=path, value=value, rule=rule.comparison, source=rule.source)


def _worst(*severities: str) -> str:
    return max(severities, key=SEVERITIES.index)


def _band_low_is_worse(value: Fraction, key: str) -> str:
    # thresholds: (cut-off, mild floor, moderate floor)
    if value >= _threshold(key, 1):
        return "mild"
    if value >= _threshold(key, 2):
        return "moderate"
    return "severe"


def _band_high_is_worse(value: Fraction, key: str) -> str:
    # thresholds: (cut-off, moderate from, severe from)
    if value >= _threshold(key, 2):
        return "severe"
    if value >= _threshold(key, 1):
        return "moderate"
    return "mild"


def _fmt(value: float | int, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}"


def _fmt_short(value: float | int) -> str:
    return f"{float(value):g}"


# --- Findings --------------------------------------------------------------------

_SIDE_ORDER = {"left": 0, "right": 1, "both": 2, None: 3}
_OTHER = {"left": "right", "right": "left"}


def _ankle(dorsiflexion: Dorsiflexion) -> list[Finding]:
    found: list[Finding] = []
    for side in SIDES:
        cm = getattr(dorsiflexion, f"{side}_cm")
        deg = getattr(dorsiflexion, f"{side}_deg")
        if (value := _number(cm)) is not None:
            unit, raw, target = "cm", cm, "we aim for 10 cm"
        elif (value := _number(deg)) is not None:
            unit, raw, target = "deg", deg, "we aim for 36 degrees"
        else:
            continue
        if value >= _threshold(f"ktw_restricted_{unit}"):
            continue
        shown = f"{_fmt(raw)} cm" if unit == "cm" else f"{_fmt(raw)} degrees"
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
        left, right = _number(left_raw), _number(right_raw)
        if left is None or right is None:
            continue
        difference = abs(left - right)
        if difference < _threshold(f"ktw_asymmetry_{unit}"):
            return []
        lower = "left" if left < right else "right"
        word = "cm" if unit == "cm" else "degrees"
        low_raw, high_raw = (
            (left_raw, right_raw) if lower == "left" else (right_raw, left_raw)
        )
        limit = "1.5 cm" if unit == "cm" else "5.4 degrees"
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
                    f"Your {lower} ankle bends {_fmt(float(difference))} {word} less than your {_OTHER[lower]} "
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
        pain = _number(session.knee_pain_nrs)
        if code == "anterior_knee_pain" and pain is not None:
            evidence.append(
                _evidence("anterior_knee_pain_bands", value=session.knee_pain_nrs)
            )
            if pain > _threshold("anterior_knee_pain_bands", 0):
                severity = (
                    "severe"
                    if pain >= _threshold("anterior_knee_pain_bands", 1)
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


def _weaker_side(
    per_side: PerSide, *, ratio_key: str
) -> tuple[str, float | int, float | int] | None:
    """The side under `ratio` of the other, with (weaker, stronger) raw values."""
    left, right = _number(per_side.left), _number(per_side.right)
    if left is None or right is None or left == right:
        return None
    weaker = "left" if left < right else "right"
    low, high = min(left, right), max(left, right)
    if low < _threshold(ratio_key) * high:
        return weaker, per_side.get(weaker), per_side.get(_OTHER[weaker])
    return None


def _balance(hip: Hip) -> list[Finding]:
    asymmetric = _weaker_side(hip.single_leg_stance_s, ratio_key="stance_asymmetry")
    found: list[Finding] = []
    for side in SIDES:
        raw = hip.single_leg_stance_s.get(side)
        value = _number(raw)
        if value is None:
            continue
        evidence: list[Evidence] = []
        severities: list[str] = []
        parts: list[str] = []
        if value < _threshold("stance_poor"):
            evidence.append(_evidence("stance_poor", value=raw, side=side))
            severities.append(RULES_BY_KEY["stance_poor"].severity)
            parts.append(
                f"You balanced on your {side} leg for {_fmt_short(raw)} s; we aim for at least 10 s."
            )
        if asymmetric is not None and asymmetric[0] == side:
            other = _OTHER[side]
            evidence.append(_evidence("stance_asymmetry", value=raw, side=side))
            evidence.append(
                _evidence("stance_asymmetry", value=asymmetric[2], side=other)
            )
            severities.append(RULES_BY_KEY["stance_asymmetry"].severity)
            parts.append(
                f"Your {side} leg balance ({_fmt_short(raw)} s) is under two thirds of your {other} ({_fmt_short(asymmetric[2])} s)."
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
    left, right = _number(mmt.left), _number(mmt.right)
    grade_gap_side: str | None = None
    if (
        left is not None
        and right is not None
        and abs(left - right) >= _threshold("mmt_asymmetry")
    ):
        grade_gap_side = "left" if left < right else "right"
    dynamometer = _weaker_side(
        hip.abduction_dynamometer, ratio_key="dynamometer_asymmetry"
    )
    found: list[Finding] = []
    for side in SIDES:
        raw = mmt.get(side)
        grade = _number(raw)
        other = _OTHER[side]
        evidence: list[Evidence] = []
        severities: list[str] = []
        parts: list[str] = []
        if grade is not None and grade <= _threshold("mmt_weak"):
            evidence.append(_evidence("mmt_weak", value=raw, side=side))
            very_weak = grade <= _threshold("mmt_very_weak")
            severities.append(
                RULES_BY_KEY["mmt_very_weak" if very_weak else "mmt_weak"].severity
            )
            parts.append(
                f"Your {side} hip side muscles were graded {raw} of 5; we aim for 4 or more."
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
    pain = _number(session.knee_pain_nrs)
    if pain is not None and pain >= _threshold("pain_refer_out"):
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


# --- Change between two sessions ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measure:
    """A numeric measure the change table compares."""

    field: str
    mdc_rule: str
    lower_is_better: bool = False
    # Knee-to-wall: method and footwear must match; the unit picks the
    # protocol method assumed when none was recorded.
    setup_unit: str = ""  # "cm" | "deg" | "" (no setup)
    relative_mdc: bool = False  # the MDC is a fraction of the earlier value


MEASURES: tuple[Measure, ...] = (
    Measure("dorsiflexion.left_cm", "mdc_ktw_cm", setup_unit="cm"),
    Measure("dorsiflexion.right_cm", "mdc_ktw_cm", setup_unit="cm"),
    Measure("dorsiflexion.left_deg", "mdc_ktw_deg", setup_unit="deg"),
    Measure("dorsiflexion.right_deg", "mdc_ktw_deg", setup_unit="deg"),
    Measure("hip.single_leg_stance_s.left", "mdc_stance_s"),
    Measure("hip.single_leg_stance_s.right", "mdc_stance_s"),
    Measure("hip.abduction_mmt.left", "mdc_mmt"),
    Measure("hip.abduction_mmt.right", "mdc_mmt"),
    Measure("hip.abduction_dynamometer.left", "mdc_dynamometer", relative_mdc=True),
    Measure("hip.abduction_dynamometer.right", "mdc_dynamometer", relative_mdc=True),
    Measure("pain.knee_nrs", "pain_rising", lower_is_better=True),
)


def measure_value(session: SessionInput, path: str) -> float | int | None:
    """The value at a contract path of MEASURES, e.g. "hip.abduction_mmt.left"."""
    if path == "pain.knee_nrs":
        return session.knee_pain_nrs
    section, name, *side = path.split(".")
    value = getattr(getattr(session, section), name)
    return value.get(side[0]) if side else value


# The knee-to-wall protocol (CLINICAL.md section 1) is barefoot, a tape for
# cm and an inclinometer for degrees. A setup left blank is read as the
# protocol one, so two sessions compare unless a recorded setup differs from
# it (the DESIGN.md example compares a session without a setup to a tape,
# barefoot one).
_PROTOCOL_METHOD = {"cm": "tape", "deg": "inclinometer"}
_PROTOCOL_FOOTWEAR = "barefoot"


def _setup_difference(
    current: Dorsiflexion, previous: Dorsiflexion, *, unit: str
) -> str:
    notes = []
    for label, now, before, protocol in (
        ("method", current.method, previous.method, _PROTOCOL_METHOD[unit]),
        ("footwear", current.footwear, previous.footwear, _PROTOCOL_FOOTWEAR),
    ):
        if (now or protocol) != (before or protocol):
            shown_before = before or f"not recorded ({protocol} assumed)"
            shown_now = now or f"not recorded ({protocol} assumed)"
            notes.append(f"{label} was {shown_before}, now {shown_now}")
    if not notes:
        return ""
    return "Not comparable: " + "; ".join(notes) + "."


def _as_number(value: Fraction, *, whole: bool) -> float | int:
    # Grades and pain scores stay whole numbers in the output.
    return int(value) if whole and value.denominator == 1 else float(value)


def compare_sessions(
    *, current: SessionInput, previous: SessionInput
) -> tuple[Change, ...]:
    """The change table for every measure present in both sessions.

    A change is improved or worse only when it reaches the MDC; anything
    smaller is within measurement error, never progress.
    """
    changes: list[Change] = []
    for measure in MEASURES:
        before_raw = measure_value(previous, measure.field)
        after_raw = measure_value(current, measure.field)
        before, after = _number(before_raw), _number(after_raw)
        if before is None or after is None:
            continue
        mdc = _threshold(measure.mdc_rule)
        if measure.relative_mdc:
            mdc = mdc * before
        whole = isinstance(before_raw, int) and isinstance(after_raw, int)
        mdc_shown = _as_number(mdc, whole=whole)
        setup_note = ""
        if measure.setup_unit:
            setup_note = _setup_difference(
                current.dorsiflexion, previous.dorsiflexion, unit=measure.setup_unit
            )
        if setup_note:
            changes.append(
                Change(
                    measure.field,
                    before_raw,
                    after_raw,
                    None,
                    mdc_shown,
                    "not_comparable",
                    note=setup_note,
                )
            )
            continue
        delta = after - before
        gain = -delta if measure.lower_is_better else delta
        if gain != 0 and gain >= mdc:
            verdict = "improved"
        elif gain != 0 and -gain >= mdc:
            verdict = "worse"
        else:
            verdict = "within_error"
        delta_shown = _as_number(delta, whole=whole)
        changes.append(
            Change(
                measure.field, before_raw, after_raw, delta_shown, mdc_shown, verdict
            )
        )
    return tuple(changes)


def pain_rising(*, current: SessionInput, previous: SessionInput) -> bool:
    """True when knee pain went up by at least 2 points (CLINICAL.md pain rule)."""
    before, after = _number(previous.knee_pain_nrs), _number(current.knee_pain_nrs)
    if before is None or after is None:
        return False
    return after - before >= _threshold("pain_rising")

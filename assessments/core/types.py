"""The pure core's vocabulary and its frozen dataclasses: a session in, findings and changes out.

No Django and no app imports (see ../shared/STYLE.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Vocabularies of the findings contract (DESIGN.md).
SIDES = ("left", "right")
METHODS = ("tape", "inclinometer")
FOOTWEAR = ("barefoot", "shoes")
DYNAMOMETER_UNITS = ("N", "kg")
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

# Contraindication codes (CLINICAL.md section 9), with the words a coach reads.
CONTRAINDICATIONS: dict[str, str] = {
    "no_kneeling": "No kneeling",
    "no_deep_knee_flexion": "No deep knee bending (past about 90 degrees)",
    "no_loading": "No external load",
    "no_single_leg": "No single-leg work",
    "no_impact": "No impact (jumping, hopping, running)",
    "irritable_anterior_knee": "Irritable front of the knee: no kneeling stretch, no deep loaded bending",
}
CONTRAINDICATION_CODES = tuple(CONTRAINDICATIONS)


@dataclass(frozen=True, slots=True)
class Clearance:
    """A clinician's clearance after a referral (CLINICAL.md section 8)."""

    cleared_on: date
    by: str = ""
    restrictions: tuple[str, ...] = ()  # codes of CONTRAINDICATION_CODES


@dataclass(frozen=True, slots=True)
class CurrentProgram:
    """Where the client is now (contract version 2): the phase, when it began, the rung of each ladder."""

    phase: int
    started_on: date
    rungs: tuple[tuple[str, str], ...] = ()  # (ladder, drill slug), sorted by ladder

    def rung(self, ladder: str) -> str | None:
        return dict(self.rungs).get(ladder)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One drill's pain in the client's log (CLINICAL.md section 10)."""

    on: date
    drill: str  # slug
    pain_during: int | None = None  # 0-10
    pain_next_day: int | None = None  # 0-10


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
    # "N" or "kg"; None: not recorded. Values in different units are never
    # compared (CLINICAL.md section 12). The session model's unit field feeds this.
    abduction_dynamometer_unit: str | None = None
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
    # "improved" | "worse" | "within_error" | "not_comparable"; "unchanged" for
    # measures without a published MDC (CLINICAL.md section 11), where mdc is None.
    verdict: str
    note: str = ""  # why not comparable, in words

"""The one table of rules: every threshold with the source key CLINICAL.md gives it.

Pure (no Django import), so the table can be shown to admins, benchmarked and
changed in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

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
        Source("silbernagel-2007", "Silbernagel KG et al. 2007, Am J Sports Med 35:897-906: pain-monitoring model (kept stricter here)", PUBLISHED),
        Source("crossley-2016", "Crossley KM et al. 2016, patellofemoral pain consensus, Br J Sports Med 50:839-843 and 844-852: hip and knee exercise together", PUBLISHED),
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
    # Pain in the log between sessions (CLINICAL.md section 10): 3/10 where the source allows 5/10.
    Rule("pain_acceptable", "", "log.pain_during", "<= 3 of 10 during a drill and the next day", (3.0,), "silbernagel-2007", _PD),
    # What the coach's pages highlight: a reported pain of 5/10 or more.
    Rule("pain_highlight", "", "log.pain", ">= 5 of 10 stands out on the coach's pages", (5.0,), "project-default", _PD),
    # Ladder moves and phase exits (CLINICAL.md section 11).
    Rule("ladder_up_knee_pain", "", "pain.knee_nrs", "<= 2 of 10 for the knee ladders to move up", (2.0,), "project-default", _PD),
    Rule("exit_log_pain", "", "log.pain_during", "<= 2 of 10 during the drills over the last 7 days", (2.0, 7.0), "project-default", _PD),
    Rule("phase_weeks", "", "current_program.started_on", "7 days a week for each of the phase's weeks", (7.0,), "project-default", _PD),
    # Minimal detectable change between two sessions: smaller is measurement error.
    Rule("mdc_ktw_cm", "", "dorsiflexion.{side}_cm", "change >= 1.9 cm (same tester)", (1.9,), "powden-2015", PUBLISHED),
    Rule("mdc_ktw_deg", "", "dorsiflexion.{side}_deg", "change >= 4.7 deg (same tester)", (4.7,), "powden-2015", PUBLISHED),
    # No published MDC: judged by direction, with no claim about measurement error.
    Rule("mdc_stance_s", "", "hip.single_leg_stance_s.{side}", "any change: improved or worse (no published MDC)", (0.0,), "project-default", _PD),
    Rule("mdc_mmt", "", "hip.abduction_mmt.{side}", "a grade up or down: improved or worse (no published MDC)", (1.0,), "project-default", _PD),
    Rule("mdc_dynamometer", "", "hip.abduction_dynamometer.{side}", "any change in the same unit: improved or worse (no published MDC)", (0.0,), "project-default", _PD),
)
# fmt: on

RULES_BY_KEY: dict[str, Rule] = {rule.key: rule for rule in RULES}


def threshold(key: str, index: int = 0) -> Fraction:
    # Exact arithmetic so a value sitting on a threshold (7.9 + 2.1 = 10) is
    # judged as written, not as binary floating point rounds it.
    return Fraction(RULES_BY_KEY[key].thresholds[index]).limit_denominator(1000)


def exact_number(value: float | int | None) -> Fraction | None:
    """A usable measurement as written (7.9 stays 79/10), or None."""
    if value is None or isinstance(value, bool):
        return None
    if not isinstance(value, float):
        return Fraction(value)  # int, or a Decimal from a model field
    if not math.isfinite(value):
        return None
    return Fraction(repr(value))

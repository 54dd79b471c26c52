"""The squat video thresholds in one table, with the source keys of CLINICAL.md section 13.

Pure: no Django import. The findings engine's table lives in assessments/core/rules.py;
these rules judge a metric measured on video, not a field typed by the coach.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLISHED = "published"
PROJECT_DEFAULT = "project default"


@dataclass(frozen=True, slots=True)
class VideoSource:
    key: str
    title: str
    status: str


# fmt: off
VIDEO_SOURCES: dict[str, VideoSource] = {
    source.key: source
    for source in (
        VideoSource("munro-2012", "Munro A et al., J Sport Rehabil 2012: 2D FPPA reliable within a person (SEM about 3 deg, smallest detectable difference 8-9 deg)", PUBLISHED),
        VideoSource("herrington-2014", "Herrington L, Knee 2014: FPPA 16.8 +/- 5.4 deg with patellofemoral pain against 8.4 +/- 5.1 deg in controls", PUBLISHED),
        VideoSource("schurr-2017", "Schurr SA et al., IJSPT 2017: side-view 2D angles agree with 3D (mean differences 0.7-3 deg)", PUBLISHED),
        VideoSource("project-default", "Weaklink project default, not a validated norm", PROJECT_DEFAULT),
    )
}
# fmt: on


@dataclass(frozen=True, slots=True)
class VideoRule:
    """A metric threshold: `metric` crosses `threshold` in the `comparison` direction.

    `comparison` is ">=" or ">"; `basis` are the source keys behind a project
    default (the studies it was chosen from).
    """

    key: str
    code: str
    metric: str
    view: str
    comparison: str
    threshold: float
    rule: str
    status: str
    basis: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """What a flag shows as its source: the status, then the studies behind it."""
        if not self.basis:
            return self.status
        return f"{self.status} ({', '.join(self.basis)})"

    def fires(self, value: float) -> bool:
        if self.comparison == ">=":
            return value >= self.threshold
        return value > self.threshold


_PD = PROJECT_DEFAULT

# fmt: off
VIDEO_RULES: tuple[VideoRule, ...] = (
    VideoRule("video_knee_valgus", "knee_valgus", "fppa_change_{side}", "front", ">=", 10.0, ">= 10 deg change from standing", _PD, ("munro-2012", "herrington-2014")),
    VideoRule("video_heel_rise", "heel_rise", "heel_rise", "side", ">", 0.10, "> 10 % of foot length above standing", _PD),
    VideoRule("video_forward_lean", "forward_lean", "trunk_minus_shin", "side", ">", 15.0, "trunk > 15 deg beyond the shin", _PD),
)
# fmt: on

VIDEO_RULES_BY_KEY: dict[str, VideoRule] = {rule.key: rule for rule in VIDEO_RULES}

# Two videos whose FPPA differs by less than this are within error (munro-2012).
FPPA_WITHIN_ERROR_DEG = 9.0

# The quality gate (CLINICAL.md section 13, project default).
MIN_VISIBILITY = 0.5
MIN_USABLE_SHARE = 0.8

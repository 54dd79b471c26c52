"""The client page's charts: knee-to-wall, single-leg stance, pain and the Anterior Knee Pain Scale.

Pure, built on assessments/core/charts.py. Thresholds and the MDC come from the rules
table, so a chart's reference lines always match what the findings use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assessments.core.charts import (
    Band,
    Chart,
    Point,
    Reference,
    Series,
    points_of,
    trend_chart,
)
from assessments.core.findings import RULES_BY_KEY
from assessments.core.hip_knee import (
    KUJALA_MAX,
    KUJALA_MEANINGFUL_CHANGE,
    KUJALA_SOURCE_SHORT,
    kujala_change,
)
from assessments.core.wording import number

KTW_THRESHOLD_CM = RULES_BY_KEY["ktw_restricted_cm"].thresholds[0]
KTW_MDC_CM = RULES_BY_KEY["mdc_ktw_cm"].thresholds[0]
STANCE_THRESHOLD_S = RULES_BY_KEY["stance_poor"].thresholds[0]
PAIN_REFER_OUT = RULES_BY_KEY["pain_refer_out"].thresholds[0]


def _change_words(points: tuple[Point, ...], mdc: float, unit: str) -> dict[date, str]:
    """Each later value against the first: beyond the MDC or within measurement error."""
    if not points:
        return {}
    first = points[0]
    words = {first.on: "first"}
    for point in points[1:]:
        delta = point.value - first.value
        sign = "+" if delta >= 0 else "-"
        verdict = "beyond error" if abs(delta) >= mdc - 1e-9 else "within error"
        words[point.on] = f"{sign}{number(abs(delta))} {unit}, {verdict}"
    return words


def knee_to_wall_chart(
    *,
    dates: Sequence[date],
    left: Sequence[float | None],
    right: Sequence[float | None],
    chart_id: str = "ktw-chart",
) -> Chart:
    """Knee-to-wall per side with the 10 cm line and the MDC band around each side's first value."""
    left_points = points_of(dates, left)
    right_points = points_of(dates, right)
    series = (
        Series("Left", left_points, dash="", marker="circle", stroke="#0b5d66"),
        Series("Right", right_points, dash="7 5", marker="square", stroke="#9a3412"),
    )
    bands = []
    if left_points:
        base = left_points[0].value
        bands.append(
            Band(
                max(base - KTW_MDC_CM, 0),
                base + KTW_MDC_CM,
                f"Left measurement error: {number(base)} ± {number(KTW_MDC_CM)} cm",
            )
        )
    if right_points:
        base = right_points[0].value
        bands.append(
            Band(
                max(base - KTW_MDC_CM, 0),
                base + KTW_MDC_CM,
                f"Right measurement error: {number(base)} ± {number(KTW_MDC_CM)} cm",
                hatch=True,
            )
        )
    left_words = _change_words(left_points, KTW_MDC_CM, "cm")
    right_words = _change_words(right_points, KTW_MDC_CM, "cm")
    days = sorted({point.on for point in (*left_points, *right_points)})
    return trend_chart(
        chart_id=chart_id,
        title="Knee-to-wall, left and right",
        unit="cm",
        series=series,
        references=(
            Reference(KTW_THRESHOLD_CM, f"{number(KTW_THRESHOLD_CM)} cm target"),
        ),
        bands=bands,
        y_ceiling=15.0,
        axis_label="cm from the wall",
        caption=(
            f"Higher is better. The dash-dot line is the {number(KTW_THRESHOLD_CM)} cm target (project default). "
            f"The shaded bands span ± {number(KTW_MDC_CM)} cm around each side's first result "
            "(flat for left, hatched for right): that is the measurement error (MDC, Powden 2015), "
            "so only a later point outside its side's band is a real change (\u201cbeyond error\u201d in the table)."
        ),
        extra_columns=(
            ("Left vs first", [left_words.get(day, "") for day in days]),
            ("Right vs first", [right_words.get(day, "") for day in days]),
        ),
    )


def stance_chart(
    *,
    dates: Sequence[date],
    left: Sequence[float | None],
    right: Sequence[float | None],
    chart_id: str = "stance-chart",
) -> Chart:
    """Single-leg stance per side with the 10 s line."""
    return trend_chart(
        chart_id=chart_id,
        title="Single-leg stance, left and right",
        unit="s",
        series=(
            Series(
                "Left",
                points_of(dates, left),
                dash="",
                marker="circle",
                stroke="#0b5d66",
            ),
            Series(
                "Right",
                points_of(dates, right),
                dash="7 5",
                marker="square",
                stroke="#9a3412",
            ),
        ),
        references=(Reference(STANCE_THRESHOLD_S, f"{number(STANCE_THRESHOLD_S)} s"),),
        y_ceiling=30.0,
        axis_label="seconds",
        caption=(
            f"Higher is better. Under {number(STANCE_THRESHOLD_S)} s (the dash-dot line) is poor balance "
            "(Araujo 2022). Left is the solid line with round points, right the dashed line with square points."
        ),
    )


def pain_chart(
    *, dates: Sequence[date], pain: Sequence[float | None], chart_id: str = "pain-chart"
) -> Chart:
    """Knee pain 0-10 at each assessment, with the refer-out line."""
    return trend_chart(
        chart_id=chart_id,
        title="Knee pain at assessment",
        unit="of 10",
        series=(
            Series("Pain", points_of(dates, pain), marker="circle", stroke="#9a3412"),
        ),
        references=(Reference(PAIN_REFER_OUT, f"{number(PAIN_REFER_OUT)}: refer out"),),
        y_ceiling=10.0,
        axis_label="pain 0-10",
        caption=(
            "Lower is better (0 no pain, 10 worst imaginable). At "
            f"{number(PAIN_REFER_OUT)} or more (the dash-dot line) refer the client to a clinician before programming "
            "(project default)."
        ),
    )


def kujala_chart(
    *,
    dates: Sequence[date],
    scores: Sequence[float | None],
    chart_id: str = "kujala-chart",
) -> Chart:
    """The Anterior Knee Pain Scale (0-100) with the 10-point band around the first score."""
    points = points_of(dates, scores)
    bands = []
    if points:
        base = points[0].value
        bands.append(
            Band(
                max(base - KUJALA_MEANINGFUL_CHANGE, 0),
                min(base + KUJALA_MEANINGFUL_CHANGE, KUJALA_MAX),
                f"Less than a meaningful change: {number(base)} ± {KUJALA_MEANINGFUL_CHANGE}",
            )
        )
    words = _kujala_words(points)
    return trend_chart(
        chart_id=chart_id,
        title="Anterior Knee Pain Scale (Kujala)",
        unit="of 100",
        series=(Series("Score", points, marker="circle", stroke="#0b5d66"),),
        bands=bands,
        y_ceiling=float(KUJALA_MAX),
        axis_label="score 0-100",
        caption=(
            "Higher is better (100 means no knee problems). The shaded band spans "
            f"± {KUJALA_MEANINGFUL_CHANGE} points around the first score: a change of "
            f"{KUJALA_MEANINGFUL_CHANGE} points or more is meaningful ({KUJALA_SOURCE_SHORT}), "
            "so only a later point outside the band is a real change."
        ),
        extra_columns=(
            (
                "Against the first",
                [words.get(day, "") for day in sorted({p.on for p in points})],
            ),
        ),
    )


def _kujala_words(points: tuple[Point, ...]) -> dict[date, str]:
    if not points:
        return {}
    first = points[0]
    words = {first.on: "first"}
    for point in points[1:]:
        change = kujala_change(before=int(first.value), after=int(point.value))
        verdict = (
            "meaningful change"
            if change.meaningful
            else f"less than the {KUJALA_MEANINGFUL_CHANGE}-point meaningful change"
        )
        words[point.on] = f"{change.delta:+d} points, {verdict}"
    return words

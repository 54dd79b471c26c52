"""The measure over time of one squat video as server-rendered SVG, drawn like assessments/core/charts.py.

Pure (no Django): the landmarks document and the analysis output in, a Chart
(SVG plus the same numbers as a table) out. Front view: each knee's FPPA change
from standing; side view: trunk lean beyond the shin. The threshold band is
shaded, the standing line drawn, and rep bottoms marked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from assessments.core import wording
from assessments.core.charts import GRID, INK, MUTED, Chart
from assessments.video.geometry import fppa, lean_from_vertical, side_frame
from assessments.video.landmarks import parse_landmarks
from assessments.video.rules import MIN_VISIBILITY, VIDEO_RULES_BY_KEY

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 48, 80, 16, 40
LEFT_STROKE = "#0b5d66"
RIGHT_STROKE = "#9a3412"
BAND_FILL = "#fde68a"


def _front_series(
    document: Any, standing: Mapping[str, Any]
) -> dict[str, list[tuple[float, float]]]:
    series: dict[str, list[tuple[float, float]]] = {"left": [], "right": []}
    for frame in document.frames:
        for side in ("left", "right"):
            base = standing.get(f"fppa_{side}")
            value = fppa(
                frame.landmarks, side=side, width=document.width, height=document.height
            )
            if value is not None and base is not None:
                series[side].append((frame.t, value - base))
    return series


def _side_series(
    document: Any, standing: Mapping[str, Any]
) -> dict[str, list[tuple[float, float]]]:
    side = str(standing.get("side") or "left")
    points = []
    facing = 0
    for frame in document.frames:
        item = side_frame(
            frame.landmarks,
            side=side,
            width=document.width,
            height=document.height,
            min_visibility=MIN_VISIBILITY,
        )
        if not facing:
            facing = 1 if item.foot_forward_px >= 0 else -1
        if item.shoulder is None:
            continue
        trunk = lean_from_vertical(item.hip, item.shoulder, forward=facing)
        shin = lean_from_vertical(item.ankle, item.knee, forward=facing)
        points.append((frame.t, trunk - shin))
    return {side: points}


def video_chart(*, landmarks: Mapping[str, Any], analysis: Mapping[str, Any]) -> Chart:
    document = parse_landmarks(landmarks)
    standing = analysis.get("standing", {})
    front = document.view == "front"
    if front:
        series = _front_series(document, standing)
        rule = VIDEO_RULES_BY_KEY["video_knee_valgus"]
        base = 0.0
        title = "Knee angle change from standing (front view)"
        unit = "deg"
        base_label = "standing"
    else:
        series = _side_series(document, standing)
        rule = VIDEO_RULES_BY_KEY["video_forward_lean"]
        base = float(standing.get("trunk_minus_shin") or 0.0)
        title = "Trunk lean beyond the shin (side view)"
        unit = "deg"
        base_label = "standing"
    times = [t for points in series.values() for t, _ in points]
    values = [v for points in series.values() for _, v in points]
    end = max(times, default=1.0) or 1.0
    low = min([*values, base, 0.0]) - 2
    high = max([*values, rule.threshold + 5]) + 2
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(t: float) -> float:
        return LEFT + plot_w * t / end

    def y_of(v: float) -> float:
        return TOP + plot_h * (high - v) / (high - low)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="video-chart-title video-chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="video-chart-title">{escape(title)}</title>',
    ]
    summary = (
        f"Shaded: {escape(wording.rule_words(rule.rule))} (flag zone). Dashed line: {base_label}. "
        "Each line is one knee over the clip; the rep bottoms are marked."
        if front
        else f"Shaded: {escape(wording.rule_words(rule.rule))} (flag zone). Dashed line: {base_label}."
    )
    parts.append(f'<desc id="video-chart-desc">{summary}</desc>')
    band_top = y_of(high)
    band_bottom = y_of(rule.threshold)
    parts.append(
        f'<rect x="{LEFT}" y="{band_top:.1f}" width="{plot_w}" height="{max(0.0, band_bottom - band_top):.1f}" fill="{BAND_FILL}" opacity="0.6"/>'
        f'<text x="{LEFT + plot_w + 4}" y="{band_bottom:.1f}" fill="{INK}" font-size="11" dy="-2">flag zone</text>'
    )
    step = max(1, math.ceil((high - low) / 6 / 5)) * 5
    tick = math.ceil(low / step) * step
    while tick <= high:
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{y:.1f}" dy="4" text-anchor="end" fill="{MUTED}" font-size="11">{wording.number(tick)}</text>'
        )
        tick += step
    y_base = y_of(base)
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y_base:.1f}" y2="{y_base:.1f}" stroke="{INK}" stroke-dasharray="5 4"/>'
        f'<text x="{LEFT + plot_w + 4}" y="{y_base:.1f}" dy="4" fill="{INK}" font-size="11">{base_label}</text>'
    )
    for second in range(0, int(end) + 1, max(1, int(end) // 8 or 1)):
        parts.append(
            f'<text x="{x_of(second):.1f}" y="{HEIGHT - 22}" text-anchor="middle" fill="{MUTED}" font-size="11">{second} s</text>'
        )
    for number, rep in enumerate(analysis.get("reps", []), start=1):
        x = x_of(float(rep["bottom"]))
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + plot_h}" stroke="{MUTED}" stroke-dasharray="2 3"/>'
            f'<text x="{x:.1f}" y="{TOP + 10}" text-anchor="middle" fill="{MUTED}" font-size="11">rep {number}</text>'
        )
    styles = {"left": (LEFT_STROKE, ""), "right": (RIGHT_STROKE, "6 3")}
    for side, points in series.items():
        if len(points) < 2:
            continue
        stroke, dash = styles[side]
        line = " ".join(f"{x_of(t):.1f},{y_of(v):.1f}" for t, v in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash and front else ""
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{stroke}" stroke-width="2"{dash_attr}/>'
        )
        last_t, last_v = points[-1]
        parts.append(
            f'<text x="{x_of(last_t) + 4:.1f}" y="{y_of(last_v):.1f}" dy="14" fill="{stroke}" font-size="11">{side}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 4}" text-anchor="middle" fill="{MUTED}" font-size="11">seconds into the clip; {unit}</text></svg>'
    )
    rows = []
    for number, rep in enumerate(analysis.get("reps", []), start=1):
        metrics = rep.get("metrics", {})
        if front:
            cells = [metrics.get("fppa_change_left"), metrics.get("fppa_change_right")]
        else:
            cells = [metrics.get("trunk_minus_shin")]
        rows.append(
            (f"Rep {number} (bottom at {wording.number(float(rep['bottom']))} s)",)
            + tuple("–" if c is None else wording.amount(float(c), unit) for c in cells)
        )
    columns = (
        ("Rep", "Left knee", "Right knee") if front else ("Rep", "Trunk beyond shin")
    )
    return Chart(
        chart_id="video-chart",
        title=title,
        description=summary,
        caption=summary,
        svg="".join(parts),
        columns=columns,
        rows=tuple(rows),
    )


def rep_comparison(
    *,
    earlier: Mapping[str, Any],
    later: Mapping[str, Any],
    metrics: Sequence[tuple[str, str]],
    within_deg: float | None,
) -> list[dict[str, Any]]:
    """Rep by rep values of two videos of one view: the difference, and whether it is within error.

    `within_deg` None: no published error band for the measure, so no judgement either way.
    """
    rows = []
    first: Sequence[Any] = earlier.get("reps", [])
    second: Sequence[Any] = later.get("reps", [])
    for number in range(1, max(len(first), len(second)) + 1):
        cells = []
        for metric, label in metrics:
            a = (
                first[number - 1]["metrics"].get(metric)
                if number <= len(first)
                else None
            )
            b = (
                second[number - 1]["metrics"].get(metric)
                if number <= len(second)
                else None
            )
            difference = None if a is None or b is None else round(b - a, 1)
            cells.append(
                {
                    "label": label,
                    "earlier": a,
                    "later": b,
                    "difference": difference,
                    "within_error": difference is not None
                    and within_deg is not None
                    and abs(difference) < within_deg,
                    "judged": difference is not None and within_deg is not None,
                }
            )
        rows.append({"rep": number, "cells": cells})
    return rows

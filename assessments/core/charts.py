"""Trend charts as server-rendered SVG: pure functions, no Django, no chart library.

This module draws any trend (`trend_chart`); assessments/core/clinical_charts.py builds
the knee-to-wall, stance and pain charts of the client page on it. Each builder takes dates and values and returns a `Chart`: the SVG markup plus
the same numbers as a text table, so a screen reader (or a printout) gets
everything the picture shows. Left and right are told apart without colour:
the left line is solid with round markers, the right line is dashed with
square markers, and each line is labelled at its end.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from assessments.core.wording import amount, date_words, number, short_date_words

WIDTH = 640
HEIGHT = 260
LEFT = 48  # room for the y tick labels
RIGHT = 92  # room for the labels at the end of each line and reference line
TOP = 16
BOTTOM = 40  # room for the date labels and the axis title

INK = "#1b1f24"
MUTED = "#505a66"
GRID = "#d4d9df"


@dataclass(frozen=True, slots=True)
class Point:
    on: date
    value: float


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: tuple[Point, ...]
    dash: str = ""  # SVG stroke-dasharray; empty is a solid line
    marker: str = "circle"  # "circle" or "square"
    stroke: str = "#0b5d66"


@dataclass(frozen=True, slots=True)
class Reference:
    """A horizontal line (a threshold) across the whole chart."""

    value: float
    label: str


@dataclass(frozen=True, slots=True)
class Band:
    """A shaded horizontal band, e.g. the measurement error around a first value."""

    low: float
    high: float
    label: str
    hatch: bool = False  # hatched instead of flat, to tell two bands apart


@dataclass(frozen=True, slots=True)
class Chart:
    chart_id: str
    title: str
    description: str
    caption: str
    svg: str  # complete <svg> element, already escaped
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _nice_step(span: float) -> float:
    """A round tick step giving about five ticks over the span."""
    raw = span / 5 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def points_of(
    dates: Sequence[date], values: Sequence[float | None]
) -> tuple[Point, ...]:
    if len(dates) != len(values):
        raise ValueError("dates and values must have the same length")
    pairs = sorted(
        (
            Point(on, float(value))
            for on, value in zip(dates, values, strict=True)
            if value is not None
        ),
        key=lambda point: point.on,
    )
    return tuple(pairs)


def trend_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    series: Sequence[Series],
    references: Sequence[Reference] = (),
    bands: Sequence[Band] = (),
    y_floor: float = 0.0,
    y_ceiling: float | None = None,
    caption: str = "",
    axis_label: str = "",
    extra_columns: Sequence[tuple[str, Sequence[str]]] = (),
) -> Chart:
    """A line chart of values over dates with reference lines and shaded bands.

    `y_ceiling` is the least top of the y axis; it grows to fit the data.
    `extra_columns` adds columns to the text table, one string per date row.
    """
    days = sorted({point.on for line in series for point in line.points})
    columns = (
        "Date",
        *(f"{line.label} ({unit})" for line in series),
        *(name for name, _ in extra_columns),
    )
    rows: list[tuple[str, ...]] = []
    by_day = [{point.on: point.value for point in line.points} for line in series]
    for index, day in enumerate(days):
        cells = [date_words(day)]
        for by_date in by_day:
            cells.append(number(by_date[day]) if day in by_date else "not measured")
        for _, extra in extra_columns:
            cells.append(extra[index] if index < len(extra) else "")
        rows.append(tuple(cells))

    description = _describe(series=series, references=references, unit=unit)
    if not days:
        svg = ""
        return Chart(chart_id, title, description, caption, svg, columns, ())

    values = [point.value for line in series for point in line.points]
    values += [reference.value for reference in references]
    values += [edge for band in bands for edge in (band.low, band.high)]
    top = max([*values, y_ceiling or 0.0])
    step = _nice_step(top - y_floor)
    ticks = max(math.ceil((top - y_floor) / step - 1e-9), 1)
    y_top = y_floor + step * ticks

    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = days[0], days[-1]
    span_days = (last - first).days

    def x_of(on: date) -> float:
        if span_days == 0:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (on - first).days / span_days

    def y_of(value: float) -> float:
        clamped = min(max(value, y_floor), y_top)
        return TOP + plot_h * (1 - (clamped - y_floor) / (y_top - y_floor))

    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        "<defs>"
        f'<pattern id="{chart_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="#eef2f6"/><line x1="0" y1="0" x2="0" y2="8" stroke="#8a94a0" stroke-width="2"/>'
        "</pattern></defs>",
    ]

    # Bands first, so lines and points sit on top of them.
    for band in bands:
        y_high, y_low = y_of(band.high), y_of(band.low)
        fill = f"url(#{chart_id}-hatch)" if band.hatch else "#dbe7ea"
        parts.append(
            f'<rect class="chart-band" x="{LEFT}" y="{y_high:.1f}" width="{plot_w}" height="{max(y_low - y_high, 1):.1f}" '
            f'fill="{fill}" fill-opacity="{0.6 if band.hatch else 0.9}"><title>{escape(band.label)}</title></rect>'
        )

    # Y grid and ticks.
    for index in range(ticks + 1):
        tick = y_floor + index * step
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text class="chart-tick-y" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{number(tick)}</text>'
        )
    parts.append(
        f'<text x="12" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" fill="{MUTED}" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">{escape(axis_label or unit)}</text>'
    )

    # X axis: every session date when few, else about five evenly spread.
    with_year = first.year != last.year
    shown = (
        days
        if len(days) <= 6
        else [days[round(i * (len(days) - 1) / 4)] for i in range(5)]
    )
    axis_y = TOP + plot_h
    parts.append(
        f'<line x1="{LEFT}" y1="{axis_y}" x2="{LEFT + plot_w}" y2="{axis_y}" stroke="{INK}" stroke-width="1"/>'
    )
    for index, day in enumerate(dict.fromkeys(shown)):
        x = x_of(day)
        anchor = "middle"
        if len(shown) > 1 and index == 0:
            anchor = "start"
        elif len(shown) > 1 and day == shown[-1]:
            anchor = "end"
        parts.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(
            f'<text class="chart-tick-x" x="{x:.1f}" y="{axis_y + 18}" text-anchor="{anchor}" fill="{MUTED}">{short_date_words(day, with_year=with_year)}</text>'
        )

    # Reference lines (thresholds): long dashes, labelled at the right edge.
    for reference in references:
        y = y_of(reference.value)
        parts.append(
            f'<line class="chart-reference" x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="10 4 2 4"/>'
        )
        parts.append(
            f'<text x="{LEFT + plot_w + 6}" y="{y + 4:.1f}" fill="{INK}">{escape(reference.label)}</text>'
        )

    # The series: line, markers, end label.
    label_ys = [y_of(reference.value) for reference in references]
    for line in series:
        if not line.points:
            continue
        coords = [(x_of(point.on), y_of(point.value)) for point in line.points]
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline class="chart-series" points="{path}" fill="none" stroke="{line.stroke}" stroke-width="2.5"{dash}/>'
            )
        for point, (x, y) in zip(line.points, coords, strict=True):
            label = (
                f"{line.label}: {amount(point.value, unit)} on {date_words(point.on)}"
            )
            if line.marker == "square":
                shape = f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="#fff" stroke="{line.stroke}" stroke-width="2">'
                parts.append(f"{shape}<title>{escape(label)}</title></rect>")
            else:
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{line.stroke}"><title>{escape(label)}</title></circle>'
                )
        end_x, end_y = coords[-1]
        # Keep the two end labels from printing on top of each other.
        for taken in label_ys:
            if abs(end_y - taken) < 14:
                end_y = taken + 14 if end_y >= taken else taken - 14
        label_ys.append(end_y)
        parts.append(
            f'<text x="{end_x + 8:.1f}" y="{end_y + 4:.1f}" fill="{INK}" font-weight="700">{escape(line.label)}</text>'
        )

    parts.append("</svg>")
    return Chart(
        chart_id, title, description, caption, "".join(parts), columns, tuple(rows)
    )


def _describe(
    *, series: Sequence[Series], references: Sequence[Reference], unit: str
) -> str:
    sentences = []
    for line in series:
        if not line.points:
            sentences.append(f"{line.label}: not measured.")
            continue
        first, last = line.points[0], line.points[-1]
        if len(line.points) == 1:
            sentences.append(
                f"{line.label}: {amount(first.value, unit)} on {date_words(first.on)}."
            )
        else:
            sentences.append(
                f"{line.label}: {amount(first.value, unit)} on {date_words(first.on)} to "
                f"{amount(last.value, unit)} on {date_words(last.on)} ({len(line.points)} sessions)."
            )
    sentences.extend(f"Reference line: {reference.label}." for reference in references)
    return " ".join(sentences) or "No measurements yet."

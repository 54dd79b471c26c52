"""The SVG trend charts: pure functions, no database."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from assessments.core.charts import BOTTOM, HEIGHT, TOP, Point, Series, trend_chart
from assessments.core.clinical_charts import (
    KTW_MDC_CM,
    KTW_THRESHOLD_CM,
    knee_to_wall_chart,
    kujala_chart,
    pain_chart,
    stance_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
DATES = [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 2)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def one(root: ET.Element, path: str) -> ET.Element:
    element = root.find(path)
    assert element is not None, path
    return element


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def y_ticks(root: ET.Element) -> list[float]:
    return [
        float(text_of(text))
        for text in root.findall(f"{SVG}text[@class='chart-tick-y']")
    ]


def y_to_value(y: float, *, y_top: float, y_floor: float = 0.0) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return y_floor + (1 - (y - TOP) / plot_h) * (y_top - y_floor)


def test_it_draws_an_accessible_svg_with_title_and_description() -> None:
    chart = knee_to_wall_chart(
        dates=DATES, left=[6.0, 7.5, 9.2], right=[11.0, 11.2, 11.4]
    )
    root = parse(chart.svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "ktw-chart-title ktw-chart-desc"
    assert one(root, f"{SVG}title").get("id") == "ktw-chart-title"
    assert text_of(one(root, f"{SVG}title")) == "Knee-to-wall, left and right"
    desc = text_of(one(root, f"{SVG}desc"))
    assert "Left: 6.0 cm on 1 Sep 2026 to 9.2 cm on 2 Nov 2026 (3 sessions)." in desc
    assert "Right: 11.0 cm" in desc


def test_it_tells_left_from_right_without_colour() -> None:
    chart = knee_to_wall_chart(
        dates=DATES, left=[6.0, 7.5, 9.2], right=[11.0, 11.2, 11.4]
    )
    root = parse(chart.svg)
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 2
    dashes = [line.get("stroke-dasharray") for line in lines]
    assert dashes[0] is None and dashes[1], "left solid, right dashed"
    # Round markers for left, square markers for right.
    assert len(root.findall(f"{SVG}circle")) == 3
    assert (
        len([rect for rect in root.findall(f"{SVG}rect") if rect.get("width") == "9"])
        == 3
    )
    labels = [text.text for text in root.findall(f"{SVG}text")]
    assert "Left" in labels and "Right" in labels


def test_it_draws_the_ten_cm_line_where_ten_cm_is() -> None:
    chart = knee_to_wall_chart(
        dates=DATES, left=[6.0, 7.5, 9.2], right=[11.0, 11.2, 11.4]
    )
    root = parse(chart.svg)
    reference = root.find(f"{SVG}line[@class='chart-reference']")
    assert reference is not None
    tick_labels = y_ticks(root)
    y_top = max(tick_labels)
    assert y_to_value(float(reference.attrib["y1"]), y_top=y_top) == pytest.approx(
        KTW_THRESHOLD_CM, abs=0.05
    )
    assert "10 cm target" in [t.text for t in root.findall(f"{SVG}text")]


def test_it_shades_the_mdc_around_each_sides_first_value() -> None:
    chart = knee_to_wall_chart(
        dates=DATES, left=[6.0, 7.5, 9.2], right=[11.0, 11.2, 11.4]
    )
    root = parse(chart.svg)
    bands = root.findall(f"{SVG}rect[@class='chart-band']")
    assert len(bands) == 2
    y_top = 15.0
    left_band, right_band = bands
    assert y_to_value(float(left_band.attrib["y"]), y_top=y_top) == pytest.approx(
        6.0 + KTW_MDC_CM, abs=0.05
    )
    bottom = float(left_band.attrib["y"]) + float(left_band.attrib["height"])
    assert y_to_value(bottom, y_top=y_top) == pytest.approx(6.0 - KTW_MDC_CM, abs=0.05)
    assert "hatch" in right_band.attrib["fill"], (
        "the right band is hatched, not just another colour"
    )
    assert "1.9" in chart.caption and "first result" in chart.caption


def test_it_says_in_the_table_which_changes_are_beyond_measurement_error() -> None:
    chart = knee_to_wall_chart(
        dates=DATES, left=[6.0, 7.5, 9.2], right=[11.0, None, 11.4]
    )
    assert chart.columns == (
        "Date",
        "Left (cm)",
        "Right (cm)",
        "Left vs first",
        "Right vs first",
    )
    assert chart.rows[0] == ("1 Sep 2026", "6", "11", "first", "first")
    assert chart.rows[1] == (
        "1 Oct 2026",
        "7.5",
        "not measured",
        "+1.5 cm, within error",
        "",
    )
    assert chart.rows[2][3] == "+3.2 cm, beyond error"
    assert chart.rows[2][4] == "+0.4 cm, within error"


def test_it_counts_a_change_of_exactly_the_mdc_as_real() -> None:
    chart = knee_to_wall_chart(dates=DATES[:2], left=[6.0, 7.9], right=[None, None])
    assert chart.rows[1][3] == "+1.9 cm, beyond error"


def test_it_skips_missing_values_instead_of_drawing_zero() -> None:
    chart = knee_to_wall_chart(
        dates=DATES, left=[6.0, None, 9.2], right=[None, None, None]
    )
    root = parse(chart.svg)
    assert len(root.findall(f"{SVG}circle")) == 2
    assert one(root, f"{SVG}polyline").attrib["points"].count(",") == 2
    assert "Right: not measured." in chart.description


def test_it_returns_an_empty_chart_without_data() -> None:
    chart = knee_to_wall_chart(dates=[], left=[], right=[])
    assert chart.is_empty
    assert chart.svg == ""


def test_it_centres_a_single_session() -> None:
    chart = pain_chart(dates=[date(2026, 9, 1)], pain=[4])
    root = parse(chart.svg)
    circle = root.find(f"{SVG}circle")
    assert circle is not None
    assert chart.rows == (("1 Sep 2026", "4"),)


def test_it_keeps_the_pain_axis_at_ten() -> None:
    chart = pain_chart(dates=DATES, pain=[2, 4, 3])
    root = parse(chart.svg)
    ticks = y_ticks(root)
    assert ticks[-1] == 10
    assert "7: refer out" in [t.text for t in root.findall(f"{SVG}text")]


def test_it_draws_the_ten_second_stance_line_and_grows_to_fit_long_stances() -> None:
    chart = stance_chart(dates=DATES, left=[5, 8, 45], right=[30, 30, 30])
    root = parse(chart.svg)
    ticks = y_ticks(root)
    assert max(ticks) >= 45
    assert "10 s" in [t.text for t in root.findall(f"{SVG}text")]
    assert "Araujo" in chart.caption


def test_it_escapes_labels() -> None:
    chart = trend_chart(
        chart_id="x",
        title="<script>alert(1)</script>",
        unit="cm",
        series=(Series("A & <B>", (Point(date(2026, 1, 1), 1.0),)),),
    )
    assert "<script>" not in chart.svg
    parse(chart.svg)  # still well-formed XML


def test_it_refuses_dates_and_values_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        knee_to_wall_chart(dates=DATES, left=[1.0], right=[1.0, 2.0, 3.0])


def test_it_puts_later_dates_further_right() -> None:
    chart = knee_to_wall_chart(
        dates=list(reversed(DATES)), left=[9.2, 7.5, 6.0], right=[None, None, None]
    )
    xs = [float(c.attrib["cx"]) for c in parse(chart.svg).findall(f"{SVG}circle")]
    assert xs == sorted(xs)
    assert chart.rows[0][0] == "1 Sep 2026"


def test_it_draws_the_kujala_trend_with_its_meaningful_change_in_the_table() -> None:
    chart = kujala_chart(dates=DATES, scores=[58, 66, 71])
    root = parse(chart.svg)
    assert root.get("aria-labelledby") == "kujala-chart-title kujala-chart-desc"
    assert chart.title == "Anterior Knee Pain Scale (Kujala)"
    assert chart.columns == ("Date", "Score (of 100)", "Against the first")
    assert chart.rows == (
        ("1 Sep 2026", "58", "first"),
        ("1 Oct 2026", "66", "+8 points, less than the 10-point meaningful change"),
        ("2 Nov 2026", "71", "+13 points, meaningful change"),
    )
    assert "a change of 10 points or more is meaningful" in chart.caption
    assert "Crossley et al. 2004" in chart.caption
    # The band spans 10 points either side of the first score, on a 0-100 axis.
    assert max(y_ticks(root)) == 100


def test_it_counts_a_kujala_change_of_exactly_ten_points_as_meaningful() -> None:
    chart = kujala_chart(dates=DATES[:2], scores=[80, 70])
    assert chart.rows[1][2] == "-10 points, meaningful change"


def test_it_leaves_the_kujala_chart_empty_without_scores() -> None:
    assert kujala_chart(dates=DATES, scores=[None, None, None]).is_empty

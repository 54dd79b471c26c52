"""The review page's chart of the measure over time, and the rep-by-rep comparison (pure)."""

from __future__ import annotations

from assessments.video.analysis import analyse_squat, analysis_to_json
from assessments.video.chart import rep_comparison, video_chart
from assessments.video.landmarks import parse_landmarks
from tests.assessments.video.synthetic import Squats, squat_document


def analysed(squats: Squats) -> tuple[dict, dict]:
    document = squat_document(squats)
    return document, analysis_to_json(analyse_squat(document=parse_landmarks(document)))


def test_the_front_chart_draws_both_knees_the_band_and_the_standing_line() -> None:
    document, analysis = analysed(Squats(fppa_bottom=(14.0, 0.0)))
    chart = video_chart(landmarks=document, analysis=analysis)
    assert chart.svg.count("<polyline") == 2
    assert "flag zone" in chart.svg and ">standing<" in chart.svg
    assert chart.svg.count(">rep ") == 3
    assert chart.columns == ("Rep", "Left knee", "Right knee")
    # Whole degrees: a 2D knee angle is not measured finer (munro-2012).
    left = analysis["reps"][0]["metrics"]["fppa_change_left"]
    assert chart.rows[0][1] == f"{int(left + 0.5)} degrees"


def test_the_left_line_reaches_into_the_band_only_when_the_knee_caves() -> None:
    def deepest_y(fppa_left: float) -> float:
        document, analysis = analysed(Squats(fppa_bottom=(fppa_left, 0.0)))
        svg = video_chart(landmarks=document, analysis=analysis).svg
        left = svg.split('<polyline points="')[1].split('"')[0]
        return min(float(pair.split(",")[1]) for pair in left.split())

    def band_bottom(fppa_left: float) -> float:
        document, analysis = analysed(Squats(fppa_bottom=(fppa_left, 0.0)))
        svg = video_chart(landmarks=document, analysis=analysis).svg
        rect = svg.split("<rect ")[1]
        y = float(rect.split('y="')[1].split('"')[0])
        return y + float(rect.split('height="')[1].split('"')[0])

    assert deepest_y(14.0) < band_bottom(14.0)  # SVG y grows downwards
    assert deepest_y(4.0) > band_bottom(4.0)


def test_the_side_chart_draws_trunk_past_shin() -> None:
    document, analysis = analysed(Squats(view="side", trunk_deg=60.0))
    chart = video_chart(landmarks=document, analysis=analysis)
    assert chart.title == "Trunk lean beyond the shin (side view)"
    assert chart.svg.count("<polyline") == 1
    assert chart.columns == ("Rep", "Trunk beyond shin")


def test_the_comparison_marks_differences_under_9_degrees_within_error() -> None:
    def reps(*values: float) -> dict:
        return {"reps": [{"metrics": {"fppa_change_left": v}} for v in values]}

    rows = rep_comparison(
        earlier=reps(12.0, 12.0),
        later=reps(20.9, 21.0, 5.0),
        metrics=[("fppa_change_left", "Left knee")],
        within_deg=9.0,
    )
    cells = [row["cells"][0] for row in rows]
    assert [c["difference"] for c in cells] == [8.9, 9.0, None]
    assert [c["within_error"] for c in cells] == [True, False, False]

"""Squat analysis on synthetic clips: standing, reps, metrics, flags and the quality gate."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.video.analysis import analyse_squat, analysis_to_json
from assessments.video.landmarks import parse_landmarks
from tests.assessments.video.synthetic import (
    Squats,
    rep_times,
    replace,
    squat_document,
)

FRONT = Squats()
SIDE = Squats(view="side", shin_deg=30, trunk_deg=35, depth=0.0)


def analyse(document: dict[str, Any]) -> dict[str, Any]:
    return analysis_to_json(analyse_squat(document=parse_landmarks(document)))


def flags_of(result: dict[str, Any]) -> set[tuple[str, str]]:
    return {(flag["code"], flag["side"]) for flag in result["flags"]}


def test_it_returns_the_document_of_the_design() -> None:
    result = analyse(squat_document(FRONT))
    assert set(result) == {"view", "frames", "quality", "standing", "reps", "flags"}
    assert set(result["quality"]) == {"ok", "reasons"}
    assert set(result["reps"][0]) == {"start", "bottom", "end", "metrics", "flags"}
    assert set(result["reps"][0]["metrics"]) == {
        "fppa_change_left",
        "fppa_change_right",
        "knee_ankle_ratio",
    }
    side = analyse(squat_document(SIDE))
    assert set(side["reps"][0]["metrics"]) == {"heel_rise", "trunk_minus_shin", "depth"}


def test_it_flags_nothing_for_knees_that_stay_over_the_feet() -> None:
    result = analyse(squat_document(FRONT))
    assert result["quality"] == {"ok": True, "reasons": []}
    assert len(result["reps"]) == 3
    for rep in result["reps"]:
        assert rep["flags"] == []
        assert abs(rep["metrics"]["fppa_change_left"]) < 0.5
        assert abs(rep["metrics"]["fppa_change_right"]) < 0.5
    assert result["flags"] == []


@pytest.mark.parametrize(
    ("left", "right", "flagged"),
    [
        (14.0, 2.0, {("knee_valgus", "left")}),
        (2.0, 14.0, {("knee_valgus", "right")}),
        (8.0, 0.0, set()),
        (7.0, 13.0, {("knee_valgus", "right")}),
        (16.0, 15.0, {("knee_valgus", "left"), ("knee_valgus", "right")}),
    ],
)
def test_it_flags_knee_valgus_on_the_side_that_caves_past_10_degrees(
    left: float, right: float, flagged: set[tuple[str, str]]
) -> None:
    result = analyse(squat_document(replace(FRONT, fppa_bottom=(left, right))))
    assert flags_of(result) == flagged
    for rep in result["reps"]:
        # The bottom frames sit within a whisker of the generated bottom angle.
        assert rep["metrics"]["fppa_change_left"] == pytest.approx(left, abs=0.6)
        assert rep["metrics"]["fppa_change_right"] == pytest.approx(right, abs=0.6)
        assert {(f["code"], f["side"]) for f in rep["flags"]} == flagged
    for flag in result["flags"]:
        assert flag["rule"] == ">= 10 deg change from standing"
        assert "munro-2012" in flag["source"] and "herrington-2014" in flag["source"]
        expected = left if flag["side"] == "left" else right
        assert flag["value"] == pytest.approx(expected, abs=0.6)


def test_a_knee_moving_outwards_is_a_negative_change_and_no_flag() -> None:
    result = analyse(squat_document(replace(FRONT, fppa_bottom=(-14.0, -14.0))))
    assert result["flags"] == []
    assert result["reps"][0]["metrics"]["fppa_change_left"] == pytest.approx(
        -14, abs=0.6
    )
    assert result["reps"][0]["metrics"]["knee_ankle_ratio"] > 1


def test_it_judges_the_change_from_standing_not_the_raw_angle_of_a_wide_stance() -> (
    None
):
    # Wide feet: the knees already sit 11 deg inside the hip-ankle line when standing.
    wide = replace(
        FRONT,
        hip_half_px=80,
        ankle_half_px=200,
        fppa_standing=(11.0, 11.0),
        fppa_bottom=(15.0, 15.0),
    )
    result = analyse(squat_document(wide))
    assert result["standing"]["fppa_left"] == pytest.approx(11, abs=0.2)
    assert result["standing"]["fppa_right"] == pytest.approx(11, abs=0.2)
    assert len(result["reps"]) == 3
    assert result["flags"] == []
    assert result["reps"][0]["metrics"]["fppa_change_left"] == pytest.approx(4, abs=0.6)


def test_knees_closer_than_ankles_give_a_ratio_below_one() -> None:
    result = analyse(squat_document(replace(FRONT, fppa_bottom=(14.0, 14.0))))
    assert result["standing"]["knee_ankle_ratio"] == pytest.approx(1.0, abs=0.01)
    assert result["reps"][0]["metrics"]["knee_ankle_ratio"] < 0.9


@pytest.mark.parametrize(
    ("rise", "flagged"), [(0.16, True), (0.13, True), (0.07, False), (0.0, False)]
)
def test_it_flags_heels_rising_more_than_10_percent_of_the_foot(
    rise: float, flagged: bool
) -> None:
    result = analyse(squat_document(replace(SIDE, heel_rise=rise)))
    assert len(result["reps"]) == 3
    for rep in result["reps"]:
        assert rep["metrics"]["heel_rise"] == pytest.approx(rise, abs=0.006)
    assert (("heel_rise", "left") in flags_of(result)) is flagged
    if flagged:
        flag = next(f for f in result["flags"] if f["code"] == "heel_rise")
        assert flag["rule"] == "> 10 % of foot length above standing"
        assert flag["source"] == "project default"


@pytest.mark.parametrize(
    ("trunk", "shin", "flagged"),
    [(55.0, 30.0, True), (48.0, 30.0, True), (40.0, 30.0, False), (30.0, 30.0, False)],
)
def test_it_flags_a_trunk_leaning_more_than_15_degrees_past_the_shin(
    trunk: float, shin: float, flagged: bool
) -> None:
    result = analyse(squat_document(replace(SIDE, trunk_deg=trunk, shin_deg=shin)))
    for rep in result["reps"]:
        assert rep["metrics"]["trunk_minus_shin"] == pytest.approx(
            trunk - shin, abs=1.0
        )
    assert (("forward_lean", "left") in flags_of(result)) is flagged


def test_side_view_flags_carry_the_side_facing_the_camera() -> None:
    clip = replace(SIDE, near="right", facing=-1, heel_rise=0.15, trunk_deg=55)
    result = analyse(squat_document(clip))
    assert result["standing"]["side"] == "right"
    assert flags_of(result) == {("heel_rise", "right"), ("forward_lean", "right")}


@pytest.mark.parametrize("depth", [-0.4, 0.0, 0.25])
def test_it_measures_depth_as_hip_below_knee_over_thigh_length(depth: float) -> None:
    result = analyse(squat_document(replace(SIDE, depth=depth)))
    assert result["standing"]["depth"] == pytest.approx(-1.0, abs=0.01)
    for rep in result["reps"]:
        assert rep["metrics"]["depth"] == pytest.approx(depth, abs=0.05)


@pytest.mark.parametrize("reps", [1, 2, 4, 5])
@pytest.mark.parametrize("fps", [10.0, 12.5, 15.0])
def test_it_counts_reps_and_times_them(reps: int, fps: float) -> None:
    clip = replace(FRONT, reps=reps, fps=fps)
    result = analyse(squat_document(clip))
    assert len(result["reps"]) == reps
    frame = 1 / fps
    for found, (start, bottom, end) in zip(
        result["reps"], rep_times(clip), strict=True
    ):
        assert found["start"] == pytest.approx(start, abs=frame + 1e-9)
        assert found["bottom"] == pytest.approx(bottom, abs=frame + 1e-9)
        assert found["end"] == pytest.approx(end, abs=frame + 1e-9)
    assert result["standing"]["start"] == 0
    assert result["standing"]["end"] == pytest.approx(clip.standing_s, abs=frame + 1e-9)


def test_a_shallow_dip_or_noise_is_not_a_rep() -> None:
    assert analyse(squat_document(replace(FRONT, drop=0.06)))["reps"] == []
    noisy = analyse(squat_document(replace(FRONT, reps=2), noise_px=3.0, seed=7))
    assert len(noisy["reps"]) == 2


def test_a_rep_cut_off_by_the_end_of_the_clip_is_not_counted() -> None:
    clip = replace(FRONT, reps=3, tail_s=0.0)
    document = squat_document(clip)
    # Stop the clip at the bottom of the last rep.
    last_bottom = rep_times(clip)[-1][1]
    document["frames"] = [f for f in document["frames"] if f["t"] <= last_bottom]
    assert len(analyse(document)["reps"]) == 2


def test_one_rep_is_enough_for_a_top_level_flag() -> None:
    result = analyse(squat_document(replace(FRONT, reps=1, fppa_bottom=(12.0, 0.0))))
    assert flags_of(result) == {("knee_valgus", "left")}


def test_a_flag_in_one_rep_of_three_stays_on_that_rep_only() -> None:
    document = squat_document(replace(FRONT, reps=3, fppa_bottom=(14.0, 0.0)))
    clean = squat_document(replace(FRONT, reps=3))
    second_rep_end = rep_times(replace(FRONT, reps=3))[1][0]
    # Reps 2 and 3 come from the clean clip; only rep 1 caves.
    document["frames"] = [
        frame if frame["t"] < second_rep_end else clean_frame
        for frame, clean_frame in zip(document["frames"], clean["frames"], strict=True)
    ]
    result = analyse(document)
    assert [bool(rep["flags"]) for rep in result["reps"]] == [True, False, False]
    assert result["flags"] == []


def test_the_top_level_value_is_the_median_of_the_flagged_reps() -> None:
    # Three clips stitched: the left knee caves 11, 17 and 13 deg.
    clips = [
        squat_document(replace(FRONT, fppa_bottom=(v, 0.0))) for v in (11.0, 17.0, 13.0)
    ]
    times = rep_times(FRONT)
    frames = []
    for frame_index, frame in enumerate(clips[0]["frames"]):
        which = sum(frame["t"] >= start for start, _, _ in times[1:])
        frames.append(clips[which]["frames"][frame_index])
    result = analyse({**clips[0], "frames": frames})
    values = sorted(rep["metrics"]["fppa_change_left"] for rep in result["reps"])
    assert result["flags"][0]["value"] == values[1]
    assert result["flags"][0]["value"] == pytest.approx(13, abs=0.6)


def test_low_visibility_fails_the_quality_gate_and_clears_every_flag() -> None:
    document = squat_document(replace(FRONT, fppa_bottom=(15.0, 0.0)))
    for index, frame in enumerate(document["frames"]):
        if index % 4 == 0:  # the left heel is hidden in a quarter of the frames
            frame["landmarks"][29][3] = 0.3
    result = analyse(document)
    assert result["quality"]["ok"] is False
    assert any("left heel: hidden" in reason for reason in result["quality"]["reasons"])
    assert result["reps"], "reps may still be listed"
    assert all(rep["flags"] == [] for rep in result["reps"])
    assert result["flags"] == []


def test_a_few_unclear_frames_are_tolerated() -> None:
    document = squat_document(replace(FRONT, fppa_bottom=(15.0, 0.0)))
    for index, frame in enumerate(document["frames"]):
        if index % 8 == 0:  # 12.5 % of frames
            frame["landmarks"][29][3] = 0.3
    result = analyse(document)
    assert result["quality"]["ok"] is True
    assert flags_of(result) == {("knee_valgus", "left")}


def test_feet_out_of_frame_fail_the_quality_gate() -> None:
    # The whole body slides down until the ankles leave the picture.
    result = analyse(
        squat_document(replace(FRONT, fppa_bottom=(15.0, 0.0), shift_y_px=200))
    )
    assert result["quality"]["ok"] is False
    assert any("out of frame" in reason for reason in result["quality"]["reasons"])
    assert result["flags"] == []


def test_the_side_view_gates_only_the_side_facing_the_camera() -> None:
    # The far leg is hidden behind the near one (visibility 0.3) in every frame.
    result = analyse(squat_document(replace(SIDE, heel_rise=0.15)))
    assert result["quality"]["ok"] is True
    assert flags_of(result) == {("heel_rise", "left")}


def test_a_clip_that_starts_mid_squat_asks_for_a_still_start() -> None:
    clip = replace(FRONT, standing_s=0.0, pause_s=0.0, reps=2, fppa_bottom=(15.0, 0.0))
    document = squat_document(clip)
    document["frames"] = [f for f in document["frames"] if f["t"] >= 0.5]
    result = analyse(document)
    assert result["quality"]["ok"] is False
    assert any("stand still" in reason for reason in result["quality"]["reasons"])
    assert result["flags"] == []


def test_the_same_document_gives_the_same_result() -> None:
    document = squat_document(replace(SIDE, heel_rise=0.12), noise_px=1.0, seed=3)
    assert analyse(document) == analyse(document)


def test_one_glitched_frame_does_not_split_a_rep() -> None:
    # The tracker jumps back to the standing pose for a single frame mid-rep.
    document = squat_document(replace(FRONT, reps=2))
    standing = document["frames"][0]["landmarks"]
    bottom = rep_times(FRONT)[0][1]
    for frame in document["frames"]:
        if frame["t"] == pytest.approx(bottom):
            frame["landmarks"] = standing
    assert len(analyse(document)["reps"]) == 2


def test_one_wild_frame_deeper_than_the_bottom_is_not_measured() -> None:
    # Mid-descent, the tracker puts the hips far too low with the knees caved in.
    document = squat_document(replace(FRONT, reps=1))
    wild_clip = squat_document(
        replace(FRONT, reps=1, drop=0.5, fppa_bottom=(30.0, 30.0))
    )
    start, bottom, _ = rep_times(FRONT)[0]
    wild = next(f for f in wild_clip["frames"] if f["t"] == pytest.approx(bottom))
    glitched = [
        f for f in document["frames"] if f["t"] == pytest.approx((start + bottom) / 2)
    ]
    assert len(glitched) == 1
    glitched[0]["landmarks"] = wild["landmarks"]
    result = analyse(document)
    assert result["reps"][0]["bottom"] == pytest.approx(bottom, abs=0.1)
    assert result["flags"] == []

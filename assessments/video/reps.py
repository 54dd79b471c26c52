"""Standing and reps from the hips' vertical path.

Pure: no Django, no numpy.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.video.geometry import distance, pixel
from assessments.video.landmarks import ANKLE, HIP, Frame, LandmarksDocument

# Rep detection on the hips' drop below standing, as a fraction of leg length
# (hip to ankle): hysteresis between the two levels keeps landmark jitter from
# splitting or inventing reps.
STILL = 0.05  # within this of the standing level counts as standing
DEEP = 0.12  # a rep must drop at least this far
BOTTOM_BAND = 0.02  # frames this close to the lowest point make the bottom
MIN_REP_SECONDS = 0.5
MIN_STANDING_SECONDS = 0.3


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def _smooth(values: Sequence[float]) -> list[float]:
    """A running median of three: one wild frame cannot start or end a rep."""
    if len(values) < 3:
        return list(values)
    middle = [
        statistics.median(values[index - 1 : index + 2])
        for index in range(1, len(values) - 1)
    ]
    return [values[0], *middle, values[-1]]


@dataclass(frozen=True, slots=True)
class HipPath:
    frames: tuple[Frame, ...]  # usable frames only, in time order
    raw: tuple[float, ...]  # hips below standing, fraction of leg length
    drop: tuple[float, ...]  # the same, smoothed
    standing: tuple[Frame, ...]


def hip_path(
    *, document: LandmarksDocument, sides: Sequence[str], frames: Sequence[Frame]
) -> HipPath | None:
    size = {"width": document.width, "height": document.height}

    def hip_y(frame: Frame) -> float:
        return statistics.fmean(
            pixel(frame.landmarks[HIP[side]], **size).y for side in sides
        )

    def leg(frame: Frame) -> float:
        return statistics.fmean(
            distance(
                pixel(frame.landmarks[HIP[side]], **size),
                pixel(frame.landmarks[ANKLE[side]], **size),
            )
            for side in sides
        )

    if not frames:
        return None
    # Standing is the longest the legs get; squatting shortens hip-to-ankle.
    leg_px = _percentile([leg(frame) for frame in frames], 0.9)
    if leg_px <= 0:
        return None
    heights = [hip_y(frame) for frame in frames]
    upright = _percentile(heights, 0.1)
    standing: list[Frame] = []
    for frame, height in zip(frames, heights, strict=True):
        if height > upright + STILL * leg_px:
            break
        standing.append(frame)
    if not standing or standing[-1].t - standing[0].t < MIN_STANDING_SECONDS:
        return None
    level = statistics.median(heights[: len(standing)])
    raw = [(height - level) / leg_px for height in heights]
    return HipPath(
        frames=tuple(frames),
        raw=tuple(raw),
        drop=tuple(_smooth(raw)),
        standing=tuple(standing),
    )


def find_reps(*, path: HipPath) -> list[tuple[int, int, int]]:
    """(start, bottom, end) frame indexes of each complete rep, by hysteresis."""
    drop = path.drop
    reps: list[tuple[int, int, int]] = []
    index, floor = 0, 0
    while index < len(drop):
        if drop[index] < DEEP:
            index += 1
            continue
        start = index
        while start > floor and drop[start] >= STILL:
            start -= 1
        # Back to where the descent began, not where it crossed the band.
        while start > floor and drop[start - 1] < drop[start]:
            start -= 1
        end = index
        while end < len(drop) and drop[end] >= STILL:
            end += 1
        if end == len(drop):
            break  # the clip ends before the client stands up again
        while end + 1 < len(drop) and drop[end + 1] < drop[end]:
            end += 1
        # Smoothed first, so one wild frame cannot be the bottom; raw breaks
        # the ties that smoothing makes at the turn.
        bottom = max(
            range(start, end + 1), key=lambda at: (drop[at], path.raw[at], -at)
        )
        if path.frames[end].t - path.frames[start].t >= MIN_REP_SECONDS:
            reps.append((start, bottom, end))
        floor = index = end
        index += 1
    return reps


def bottoms(
    *, path: HipPath, reps: list[tuple[int, int, int]]
) -> list[tuple[int, int, int, list[Frame]]]:
    """Each rep with its bottom frames: those within BOTTOM_BAND of its lowest point."""
    found = []
    for start, bottom, end in reps:
        lowest = path.drop[bottom]
        frames = [
            path.frames[at]
            for at in range(start, end + 1)
            if path.drop[at] >= lowest - BOTTOM_BAND
        ]
        found.append((start, bottom, end, frames))
    return found

"""Angles and lengths of one frame, in pixels (x times width, y times height; y down).

Pure: plain math, no numpy. CLINICAL.md section 13 defines each measure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.video.landmarks import (
    ANKLE,
    HEEL,
    HIP,
    KNEE,
    SHOULDER,
    TOE,
    Landmark,
)


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


def pixel(point: Landmark, *, width: int, height: int) -> Point:
    return Point(point.x * width, point.y * height)


def distance(a: Point, b: Point) -> float:
    return math.hypot(b.x - a.x, b.y - a.y)


def _points(
    landmarks: Sequence[Landmark], *, width: int, height: int
) -> dict[int, Point]:
    return {
        index: pixel(point, width=width, height=height)
        for index, point in enumerate(landmarks)
    }


def fppa(
    landmarks: Sequence[Landmark], *, side: str, width: int, height: int
) -> float | None:
    """Knee frontal plane projection angle in degrees.

    The angle at the knee between thigh (hip to knee) and shank (knee to
    ankle): 0 when straight, positive when the knee lies on the body's
    midline side of the hip-ankle line. None when a segment has no length.
    """
    points = _points(landmarks, width=width, height=height)
    hip, knee, ankle = points[HIP[side]], points[KNEE[side]], points[ANKLE[side]]
    thigh = (knee.x - hip.x, knee.y - hip.y)
    shank = (ankle.x - knee.x, ankle.y - knee.y)
    if math.hypot(*thigh) == 0 or math.hypot(*shank) == 0:
        return None
    bend = math.degrees(
        abs(math.atan2(thigh[0] * shank[1] - thigh[1] * shank[0], _dot(thigh, shank)))
    )
    # Which side of the hip-ankle line the knee lies on, against the midline.
    line = (ankle.x - hip.x, ankle.y - hip.y)
    knee_side = line[0] * (knee.y - hip.y) - line[1] * (knee.x - hip.x)
    other = "right" if side == "left" else "left"
    midline_x = (hip.x + points[HIP[other]].x) / 2
    midline_side = line[0] * 0.0 - line[1] * (midline_x - hip.x)
    if knee_side == 0 or midline_side == 0:
        return bend if knee_side == 0 else None
    return bend if (knee_side > 0) == (midline_side > 0) else -bend


def _dot(a: tuple[float, float], b: tuple[float, float]) -> float:
    return a[0] * b[0] + a[1] * b[1]


def knee_ankle_ratio(
    landmarks: Sequence[Landmark], *, width: int, height: int
) -> float | None:
    """Horizontal knee separation over horizontal ankle separation (below 1: knees closer)."""
    points = _points(landmarks, width=width, height=height)
    ankles = abs(points[ANKLE["left"]].x - points[ANKLE["right"]].x)
    if ankles == 0:
        return None
    return abs(points[KNEE["left"]].x - points[KNEE["right"]].x) / ankles


def lean_from_vertical(lower: Point, upper: Point, *, forward: int) -> float:
    """Degrees the segment lower->upper leans from vertical, positive towards `forward` (+1 or -1 in x)."""
    return math.degrees(math.atan2((upper.x - lower.x) * forward, lower.y - upper.y))


@dataclass(frozen=True, slots=True)
class SideFrame:
    """What the side view measures in one frame, for the side facing the camera."""

    hip_y: float
    heel_y: float
    thigh_px: float
    foot_px: float
    foot_forward_px: float  # toe x minus heel x: which way the client faces
    knee_y: float
    hip: Point
    knee: Point
    ankle: Point
    shoulder: Point | None


def side_frame(
    landmarks: Sequence[Landmark],
    *,
    side: str,
    width: int,
    height: int,
    min_visibility: float,
) -> SideFrame:
    points = _points(landmarks, width=width, height=height)
    hip, knee, ankle = points[HIP[side]], points[KNEE[side]], points[ANKLE[side]]
    heel, toe = points[HEEL[side]], points[TOE[side]]
    shoulder_seen = landmarks[SHOULDER[side]].visibility >= min_visibility
    return SideFrame(
        hip_y=hip.y,
        heel_y=heel.y,
        thigh_px=distance(hip, knee),
        foot_px=distance(heel, toe),
        foot_forward_px=toe.x - heel.x,
        knee_y=knee.y,
        hip=hip,
        knee=knee,
        ankle=ankle,
        shoulder=points[SHOULDER[side]] if shoulder_seen else None,
    )

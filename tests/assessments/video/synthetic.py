"""Synthetic landmark documents: a person stands still, then squats N times.

Built by forward kinematics from the angles a test asks for (knee bend in the
image plane, shin and trunk lean, heel lift), independently of the geometry
under test, so a test can compare what the analysis measures with what was put in.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from typing import Any

WIDTH, HEIGHT = 720, 1280
MIRROR = {**{i: i for i in range(33)}}
for _left, _right in [(1, 4), (2, 5), (3, 6), (7, 8), (9, 10)] + [
    (i, i + 1) for i in range(11, 33, 2)
]:
    MIRROR[_left], MIRROR[_right] = _right, _left


@dataclass(frozen=True, slots=True)
class Squats:
    view: str = "front"
    fps: float = 12.0
    reps: int = 3
    standing_s: float = 1.0
    rep_s: float = 2.0
    pause_s: float = 0.5
    tail_s: float = 0.8
    # Front view (pixels and degrees).
    hip_half_px: float = 80.0
    ankle_half_px: float = 80.0
    drop: float = 0.3  # hips' drop at the bottom, fraction of hip-to-ankle length
    fppa_standing: tuple[float, float] = (0.0, 0.0)  # (left, right)
    fppa_bottom: tuple[float, float] = (0.0, 0.0)
    # Side view.
    facing: int = 1  # +1: toes point to growing x
    near: str = "left"
    shin_deg: float = 30.0
    trunk_deg: float = 40.0
    depth: float = 0.0  # hip below knee at the bottom, fraction of thigh length
    heel_rise: float = 0.0
    # Both.
    visibility: float = 0.95
    shift_y_px: float = 0.0  # moves the whole body down (out of frame when large)


def rep_times(squats: Squats) -> list[tuple[float, float, float]]:
    """(start, bottom, end) of each rep as generated."""
    times = []
    start = squats.standing_s
    for _ in range(squats.reps):
        times.append((start, start + squats.rep_s / 2, start + squats.rep_s))
        start += squats.rep_s + squats.pause_s
    return times


def _depth_at(t: float, squats: Squats) -> float:
    """0 standing, 1 at the bottom; a smooth cosine down and up."""
    for start, _, end in rep_times(squats):
        if start <= t <= end:
            return (1 - math.cos(2 * math.pi * (t - start) / squats.rep_s)) / 2
    return 0.0


def _blank() -> list[list[float]]:
    return [[WIDTH / 2, 300.0, 0.0, 0.9] for _ in range(33)]


def _front_points(s: float, squats: Squats) -> list[list[float]]:
    points = _blank()
    mid = WIDTH / 2
    ankle_y, hip_standing_y = 1100.0, 700.0
    leg = math.hypot(
        squats.ankle_half_px - squats.hip_half_px, ankle_y - hip_standing_y
    )
    hip_y = hip_standing_y + s * squats.drop * leg
    for index, (side, sign) in enumerate((("left", 1), ("right", -1))):
        # The person faces the camera: their left is on the image's right.
        hip = (mid + sign * squats.hip_half_px, hip_y)
        ankle = (mid + sign * squats.ankle_half_px, ankle_y)
        angle = squats.fppa_standing[index] + s * (
            squats.fppa_bottom[index] - squats.fppa_standing[index]
        )
        dx, dy = ankle[0] - hip[0], ankle[1] - hip[1]
        length = math.hypot(dx, dy)
        normal = (-dy / length, dx / length)
        if normal[0] * (mid - hip[0]) < 0:
            normal = (-normal[0], -normal[1])
        # Equal thigh and shank: each leans half the bend off the hip-ankle line.
        offset = length / 2 * math.tan(math.radians(angle) / 2)
        knee = (
            hip[0] + dx / 2 + normal[0] * offset,
            hip[1] + dy / 2 + normal[1] * offset,
        )
        heel = (ankle[0], ankle[1] + 15)
        toe = (ankle[0] + sign * 12, ankle[1] + 40)
        shoulder = (mid + sign * (squats.hip_half_px + 40), hip_y - 330)
        base = 11 if side == "left" else 12
        points[base] = [*shoulder, 0.0, 0.95]  # shoulder
        points[base + 2] = [shoulder[0] + sign * 30, hip_y - 180, 0.0, 0.9]  # elbow
        points[base + 4] = [shoulder[0] + sign * 20, hip_y - 40, 0.0, 0.9]  # wrist
        for extra in (6, 8, 10):  # pinky, index, thumb
            points[base + extra] = [shoulder[0] + sign * 20, hip_y - 20, 0.0, 0.8]
        points[base + 12] = [*hip, 0.0, squats.visibility]
        points[base + 14] = [*knee, 0.0, squats.visibility]
        points[base + 16] = [*ankle, 0.0, squats.visibility]
        points[base + 18] = [*heel, 0.0, squats.visibility]
        points[base + 20] = [*toe, 0.0, squats.visibility]
    points[0] = [mid, hip_y - 460, 0.0, 0.99]
    return points


def _side_points(s: float, squats: Squats) -> list[list[float]]:
    points = _blank()
    f = squats.facing
    shin_len, thigh_len, trunk_len, foot_len = 200.0, 200.0, 300.0, 120.0
    toe = (WIDTH / 2 + f * 70, 1120.0)
    rise = s * squats.heel_rise
    heel = (toe[0] - f * foot_len * math.sqrt(1 - rise**2), toe[1] - foot_len * rise)
    ankle = (WIDTH / 2 - f * 20, 1100.0)
    shin = math.radians(s * squats.shin_deg)
    knee = (
        ankle[0] + f * shin_len * math.sin(shin),
        ankle[1] - shin_len * math.cos(shin),
    )
    depth = -1 + s * (squats.depth + 1)
    hip = (
        knee[0] - f * thigh_len * math.sqrt(max(0.0, 1 - depth**2)),
        knee[1] + depth * thigh_len,
    )
    trunk = math.radians(s * squats.trunk_deg)
    shoulder = (
        hip[0] + f * trunk_len * math.sin(trunk),
        hip[1] - trunk_len * math.cos(trunk),
    )
    for side in ("left", "right"):
        near = side == squats.near
        seen = squats.visibility if near else 0.3
        z = -0.2 if near else 0.2
        nudge = 0.0 if near else 6.0  # the far leg sits just behind the near one
        base = 11 if side == "left" else 12
        points[base] = [shoulder[0] + nudge, shoulder[1], z, 0.95 if near else 0.4]
        points[base + 2] = [shoulder[0] + f * 30, shoulder[1] + 120, z, 0.8]
        points[base + 4] = [shoulder[0] + f * 60, shoulder[1] + 200, z, 0.8]
        for extra in (6, 8, 10):
            points[base + extra] = [shoulder[0] + f * 70, shoulder[1] + 210, z, 0.7]
        points[base + 12] = [hip[0] + nudge, hip[1], z, seen]
        points[base + 14] = [knee[0] + nudge, knee[1], z, seen]
        points[base + 16] = [ankle[0] + nudge, ankle[1], z, seen]
        points[base + 18] = [heel[0] + nudge, heel[1], z, seen]
        points[base + 20] = [toe[0] + nudge, toe[1], z, seen]
    points[0] = [shoulder[0] + f * 20, shoulder[1] - 120, 0.0, 0.99]
    return points


def squat_document(
    squats: Squats, *, noise_px: float = 0.0, seed: int = 0
) -> dict[str, Any]:
    rng = random.Random(seed)
    duration = (
        squats.standing_s
        + squats.reps * squats.rep_s
        + max(0, squats.reps - 1) * squats.pause_s
        + squats.tail_s
    )
    frames = []
    for index in range(int(duration * squats.fps) + 1):
        t = round(index / squats.fps, 4)
        s = _depth_at(t, squats)
        points = (
            _front_points(s, squats)
            if squats.view == "front"
            else _side_points(s, squats)
        )
        landmarks = []
        for x, y, z, seen in points:
            if noise_px:
                x += rng.uniform(-noise_px, noise_px)
                y += rng.uniform(-noise_px, noise_px)
            landmarks.append([x / WIDTH, (y + squats.shift_y_px) / HEIGHT, z, seen])
        frames.append({"t": t, "landmarks": landmarks})
    return {
        "fps": squats.fps,
        "view": squats.view,
        "width": WIDTH,
        "height": HEIGHT,
        "frames": frames,
    }


def mirrored(document: dict[str, Any]) -> dict[str, Any]:
    """The same clip flipped left to right: x -> 1 - x, and each left point swapped with its right twin."""
    frames = []
    for frame in document["frames"]:
        old = frame["landmarks"]
        landmarks: list[list[Any] | None] = [None] * 33
        for index, (x, y, z, seen) in enumerate(old):
            landmarks[MIRROR[index]] = [1 - x, y, z, seen]
        frames.append({"t": frame["t"], "landmarks": landmarks})
    return {**document, "frames": frames}


__all__ = ["Squats", "mirrored", "rep_times", "replace", "squat_document"]

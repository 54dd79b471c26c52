"""One frame's angles in pixels: the sign convention of CLINICAL.md section 13."""

from __future__ import annotations

import ast
import math
import sys
from pathlib import Path

import pytest

from assessments.video.geometry import Point, fppa, knee_ankle_ratio, lean_from_vertical
from assessments.video.landmarks import ANKLE, HIP, KNEE, Landmark

W, H = 1000, 1000
PURE_VIDEO = ("rules", "landmarks", "geometry", "quality", "reps", "analysis")


def body(knee_dx_left: float, knee_dx_right: float) -> list[Landmark]:
    """A front view in pixels/1000: hips at x 0.45 (right) and 0.55 (left), ankles below."""
    points = [Landmark(0.5, 0.3, 0.0, 1.0) for _ in range(33)]
    for side, x, dx in (("left", 0.55, knee_dx_left), ("right", 0.45, knee_dx_right)):
        points[HIP[side]] = Landmark(x, 0.5, 0.0, 1.0)
        points[KNEE[side]] = Landmark(x + dx, 0.7, 0.0, 1.0)
        points[ANKLE[side]] = Landmark(x, 0.9, 0.0, 1.0)
    return points


@pytest.mark.parametrize(
    ("left_dx", "right_dx", "left", "right"),
    [
        (0.0, 0.0, 0.0, 0.0),
        # Knee 0.2 * tan(10 deg) in from the line bends the leg by 20 deg.
        (-0.2 * math.tan(math.radians(10)), 0.0, 20.0, 0.0),
        (0.0, 0.2 * math.tan(math.radians(10)), 0.0, 20.0),
        (
            0.2 * math.tan(math.radians(5)),
            -0.2 * math.tan(math.radians(5)),
            -10.0,
            -10.0,
        ),
    ],
)
def test_fppa_is_positive_when_the_knee_moves_towards_the_midline(
    left_dx: float, right_dx: float, left: float, right: float
) -> None:
    points = body(left_dx, right_dx)
    assert fppa(points, side="left", width=W, height=H) == pytest.approx(left)
    assert fppa(points, side="right", width=W, height=H) == pytest.approx(right)


def test_fppa_is_measured_in_pixels_not_normalised_units() -> None:
    points = body(-0.2 * math.tan(math.radians(10)), 0.0)
    # A frame twice as wide doubles every horizontal offset.
    wide = fppa(points, side="left", width=2 * W, height=H)
    assert wide == pytest.approx(
        2 * math.degrees(math.atan(2 * math.tan(math.radians(10))))
    )


def test_the_knee_ankle_ratio_is_knee_separation_over_ankle_separation() -> None:
    points = body(-0.02, 0.02)
    assert knee_ankle_ratio(points, width=W, height=H) == pytest.approx(0.06 / 0.10)


@pytest.mark.parametrize(("forward", "expected"), [(1, 45.0), (-1, -45.0)])
def test_lean_is_signed_towards_where_the_client_faces(
    forward: int, expected: float
) -> None:
    assert lean_from_vertical(
        Point(0, 100), Point(50, 50), forward=forward
    ) == pytest.approx(expected)


@pytest.mark.parametrize("module", PURE_VIDEO)
def test_the_pure_video_core_imports_only_the_standard_library(module: str) -> None:
    # Stricter than the app-wide guard: no numpy, cv2 or mediapipe either.
    path = (
        Path(__file__).resolve().parents[3] / "assessments" / "video" / f"{module}.py"
    )
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or name.startswith(
                tuple(f"assessments.video.{pure}" for pure in PURE_VIDEO)
            ), f"{module} imports {name}"

"""The landmarks document of DESIGN.md: parse it, collecting every problem as `path: rule`.

Pure: no Django, no numpy. Points are in MediaPipe Pose order, x and y
normalised to the frame with y growing downwards; values outside 0-1 are
points out of frame, which is valid input that the quality gate counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeGuard

VIEWS = ("front", "side")
LANDMARK_COUNT = 33
MAX_FRAMES = 20_000
MAX_SECONDS = 3600
MAX_PROBLEMS = 100

# MediaPipe Pose indices used by the geometry.
NOSE = 0
SHOULDER = {"left": 11, "right": 12}
HIP = {"left": 23, "right": 24}
KNEE = {"left": 25, "right": 26}
ANKLE = {"left": 27, "right": 28}
HEEL = {"left": 29, "right": 30}
TOE = {"left": 31, "right": 32}  # MediaPipe's "foot index"
# Each left point and its right twin, for mirroring a document.
MIRROR_PAIRS = ((1, 4), (2, 5), (3, 6), (7, 8), (9, 10)) + tuple(
    (left, left + 1) for left in range(11, 33, 2)
)


class LandmarksError(ValueError):
    """Bad input: one line per problem, each `path: rule`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Landmark:
    x: float
    y: float
    z: float
    visibility: float


@dataclass(frozen=True, slots=True)
class Frame:
    t: float
    landmarks: tuple[Landmark, ...]


@dataclass(frozen=True, slots=True)
class LandmarksDocument:
    fps: float
    view: str
    width: int
    height: int
    frames: tuple[Frame, ...]


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.dropped = 0

    def add(self, path: str, rule: str) -> None:
        # A corrupt 30 s clip could give 30,000 lines; the first hundred say enough.
        if len(self.lines) < MAX_PROBLEMS:
            self.lines.append(f"{path}: {rule}")
        else:
            self.dropped += 1

    def result(self) -> list[str]:
        if self.dropped:
            return [*self.lines, f"...: {self.dropped} more problems not listed"]
        return self.lines


def _is_number(value: object) -> TypeGuard[int | float]:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


def _positive(value: object, path: str, problems: _Problems, *, whole: bool) -> None:
    kind = "a whole number" if whole else "a number"
    if value is None:
        problems.add(path, f"required, {kind} above 0")
    elif not _is_number(value) or (whole and not isinstance(value, int)):
        problems.add(path, f"must be {kind} above 0")
    elif not 0 < value <= 100_000:
        problems.add(path, "must be above 0 and at most 100000")


def _landmark(value: object, path: str, problems: _Problems) -> Landmark | None:
    if not isinstance(value, list) or len(value) != 4:
        problems.add(path, "must be a list of 4 numbers [x, y, z, visibility]")
        return None
    if not all(_is_number(item) for item in value):
        problems.add(path, "must be 4 finite numbers [x, y, z, visibility]")
        return None
    # Bounded before float(): a huge JSON integer overflows it.
    if any(abs(item) > 1000 for item in value[:3]):
        problems.add(path, "x, y and z must lie between -1000 and 1000")
        return None
    x, y, z, visibility = (float(item) for item in value)
    if not 0 <= visibility <= 1:
        problems.add(f"{path}[3]", "visibility must be between 0 and 1")
        return None
    return Landmark(x, y, z, visibility)


def _frame(value: object, path: str, problems: _Problems) -> Frame | None:
    if not isinstance(value, Mapping):
        problems.add(path, "must be an object with t and landmarks")
        return None
    for key in value:
        if key not in ("t", "landmarks"):
            problems.add(f"{path}.{key}", "unknown key")
    t = value.get("t")
    usable = True
    if t is None:
        problems.add(f"{path}.t", "required, seconds from the start of the clip")
        usable = False
    elif not _is_number(t) or not 0 <= t <= MAX_SECONDS:
        problems.add(
            f"{path}.t", f"must be a number of seconds from 0 to {MAX_SECONDS}"
        )
        usable = False
    points = value.get("landmarks")
    if not isinstance(points, list) or len(points) != LANDMARK_COUNT:
        problems.add(
            f"{path}.landmarks", f"must be a list of {LANDMARK_COUNT} landmarks"
        )
        return None
    landmarks = [
        _landmark(point, f"{path}.landmarks[{index}]", problems)
        for index, point in enumerate(points)
    ]
    if not usable or not _is_number(t) or any(point is None for point in landmarks):
        return None
    return Frame(
        t=float(t),
        landmarks=tuple(point for point in landmarks if point is not None),
    )


def parse_landmarks(data: object) -> LandmarksDocument:
    """A landmarks document, or LandmarksError listing every problem."""
    problems = _Problems()
    if not isinstance(data, Mapping):
        raise LandmarksError(["(document): must be an object"])
    for key in data:
        if key not in ("fps", "view", "width", "height", "frames"):
            problems.add(str(key), "unknown key")
    _positive(data.get("fps"), "fps", problems, whole=False)
    _positive(data.get("width"), "width", problems, whole=True)
    _positive(data.get("height"), "height", problems, whole=True)
    view = data.get("view")
    if view not in VIEWS:
        problems.add("view", f"must be one of {', '.join(VIEWS)}")
    raw_frames = data.get("frames")
    frames: list[Frame] = []
    if not isinstance(raw_frames, list) or not raw_frames:
        problems.add("frames", "must be a list of at least one frame")
    elif len(raw_frames) > MAX_FRAMES:
        problems.add("frames", f"must hold at most {MAX_FRAMES} frames")
    else:
        previous: Frame | None = None
        for index, raw in enumerate(raw_frames):
            frame = _frame(raw, f"frames[{index}]", problems)
            if frame is None:
                continue
            if previous is not None and frame.t <= previous.t:
                problems.add(
                    f"frames[{index}].t",
                    f"must be later than the frame before ({previous.t:g} s)",
                )
            previous = frame
            frames.append(frame)
    lines = problems.result()
    if lines:
        raise LandmarksError(lines)
    return LandmarksDocument(
        fps=float(data["fps"]),
        view=str(view),
        width=int(data["width"]),
        height=int(data["height"]),
        frames=tuple(frames),
    )


def landmarks_to_json(document: LandmarksDocument) -> dict[str, object]:
    """The document as JSON, the inverse of parse_landmarks."""
    return {
        "fps": document.fps,
        "view": document.view,
        "width": document.width,
        "height": document.height,
        "frames": [
            {
                "t": frame.t,
                "landmarks": [
                    [point.x, point.y, point.z, point.visibility]
                    for point in frame.landmarks
                ],
            }
            for frame in document.frames
        ],
    }

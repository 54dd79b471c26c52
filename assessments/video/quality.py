"""The quality gate of CLINICAL.md section 13: which frames show enough of the body.

Pure: no Django, no numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from assessments.video.landmarks import (
    ANKLE,
    HEEL,
    HIP,
    KNEE,
    TOE,
    Frame,
    LandmarksDocument,
)
from assessments.video.rules import MIN_USABLE_SHARE, MIN_VISIBILITY

SIDES = ("left", "right")
GATED_JOINTS = (
    ("hip", HIP),
    ("knee", KNEE),
    ("ankle", ANKLE),
    ("heel", HEEL),
    ("toe", TOE),
)


def camera_side(*, document: LandmarksDocument) -> str:
    """The side facing the camera in a side view: its legs are the better seen.

    Ties (never in real footage) go to the side with lower depth z, then left.
    """
    seen = dict.fromkeys(SIDES, 0.0)
    depth = dict.fromkeys(SIDES, 0.0)
    for frame in document.frames:
        for side in SIDES:
            for _, joint in GATED_JOINTS:
                point = frame.landmarks[joint[side]]
                seen[side] += point.visibility
                depth[side] += point.z
    if seen["left"] != seen["right"]:
        return "left" if seen["left"] > seen["right"] else "right"
    return "right" if depth["right"] < depth["left"] else "left"


def gated_sides(*, document: LandmarksDocument) -> tuple[str, ...]:
    return SIDES if document.view == "front" else (camera_side(document=document),)


def _problem(frame: Frame, index: int) -> str | None:
    point = frame.landmarks[index]
    if not (0 <= point.x <= 1 and 0 <= point.y <= 1):
        return "out of frame"
    if point.visibility < MIN_VISIBILITY:
        return "hidden"
    return None


def usable(*, frame: Frame, sides: Sequence[str]) -> bool:
    """Hips, knees, ankles, heels and toes of `sides` seen (visibility >= 0.5) and inside the frame."""
    return all(
        _problem(frame, joint[side]) is None
        for side in sides
        for _, joint in GATED_JOINTS
    )


def _percent(count: int, total: int) -> int:
    return math.floor(100 * count / total) if total else 0


def assess_quality(
    *, document: LandmarksDocument, sides: Sequence[str]
) -> tuple[bool, list[str], int]:
    total = len(document.frames)
    good = sum(usable(frame=frame, sides=sides) for frame in document.frames)
    if total and good / total >= MIN_USABLE_SHARE:
        return True, [], good
    reasons = [
        f"the hips, knees, ankles, heels and toes are in view in {_percent(good, total)} % "
        f"of frames; at least {round(MIN_USABLE_SHARE * 100)} % are needed: film again "
        "following the on-screen guide (whole body in frame, phone at hip height)"
    ]
    for side in sides:
        for name, joint in GATED_JOINTS:
            problems = [_problem(frame, joint[side]) for frame in document.frames]
            out = problems.count("out of frame")
            hidden = problems.count("hidden")
            if out and out / total > 1 - MIN_USABLE_SHARE:
                reasons.append(
                    f"{side} {name}: out of frame in {_percent(out, total)} % of frames"
                )
            if hidden and hidden / total > 1 - MIN_USABLE_SHARE:
                reasons.append(
                    f"{side} {name}: hidden or unclear in {_percent(hidden, total)} % of frames"
                )
    return False, reasons, good

"""A phone clip in, a landmarks document out: OpenCV decodes, MediaPipe Pose finds the body.

Not pure: it loads the pose model. Only the "full" BlazePose landmark model
(model_complexity=1) ships inside the mediapipe 0.10.21 wheel; asking for the
lite or heavy one makes mediapipe download it, which this server must never do,
so the complexity is fixed here and the model files are checked before use.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from assessments.video.landmarks import VIEWS

MODEL_COMPLEXITY = 1  # the bundled "full" model; 0 and 2 would download
DEFAULT_SAMPLE_FPS = 10.0
MAX_SECONDS = 60.0
# The model sees 256 x 256 pixels; decoding a 4K frame and handing it over whole
# only costs time, so long sides are brought down to this first.
MAX_SIDE_PX = 960
MODEL_FILES = (
    "modules/pose_landmark/pose_landmark_full.tflite",
    "modules/pose_detection/pose_detection.tflite",
)
UNAVAILABLE = "The pose model is not available on this server"
# No body found in a frame: out of frame and unseen, so the quality gate counts it.
NOT_FOUND = [-1.0, -1.0, 0.0, 0.0]


class PoseModelUnavailable(RuntimeError):
    """MediaPipe or its bundled model cannot be loaded; the message is for people."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(UNAVAILABLE)
        self.detail = detail


class VideoUnreadable(ValueError):
    """The file is not a video OpenCV can decode."""


def _modules() -> tuple[Any, Any]:
    # MediaPipe's C++ logs warnings on stderr for every tracker; the command's
    # stderr is for problems with the input.
    os.environ.setdefault("GLOG_minloglevel", "2")
    # FFmpeg's own complaint about a broken file ("moov atom not found") would
    # come before ours; -8 is AV_LOG_QUIET, read when OpenCV first opens a file.
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    try:
        import cv2
        import mediapipe
    except ImportError as error:  # the app still runs without the video feature
        raise PoseModelUnavailable(f"cannot import it: {error}") from error
    root = Path(mediapipe.__file__).parent
    missing = [name for name in MODEL_FILES if not (root / name).is_file()]
    if missing:
        raise PoseModelUnavailable(f"missing {', '.join(missing)}")
    cv2.setLogLevel(2)  # errors only: a non-video upload is reported by us, once
    return cv2, mediapipe


def pose_model_available() -> bool:
    try:
        _modules()
    except PoseModelUnavailable:
        return False
    return True


def open_pose() -> Any:
    """A MediaPipe Pose tracker on the bundled full model, in video (tracking) mode."""
    _, mediapipe = _modules()
    try:
        return mediapipe.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=MODEL_COMPLEXITY,
            smooth_landmarks=True,
            enable_segmentation=False,
            min_detection_confidence=0.5,
            min_tracking_confidence=0.5,
        )
    except (
        Exception
    ) as error:  # a broken install fails in native code with varied types
        raise PoseModelUnavailable(str(error)) from error


def landmarks_of(pose: Any, rgb: Any) -> list[list[float]]:
    """The 33 [x, y, z, visibility] of one RGB frame, or NOT_FOUND for each."""
    result = pose.process(rgb)
    if result.pose_landmarks is None:
        return [list(NOT_FOUND) for _ in range(33)]
    return [
        [point.x, point.y, point.z, point.visibility]
        for point in result.pose_landmarks.landmark
    ]


def _step(source_fps: float, sample_fps: float) -> int:
    # Every nth decoded frame: 30 fps at 10 gives 3, at 15 gives 2.
    return max(1, round(source_fps / sample_fps))


def landmarks_from_video(
    *,
    path: str | Path,
    view: str,
    sample_fps: float = DEFAULT_SAMPLE_FPS,
    max_seconds: float = MAX_SECONDS,
) -> dict[str, Any]:
    """The landmarks document of DESIGN.md for a clip, sampled at about `sample_fps`.

    Raises VideoUnreadable for a file that is not a decodable video and
    PoseModelUnavailable when MediaPipe or its bundled model cannot load.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    cv2, _ = _modules()
    capture = cv2.VideoCapture(str(path))
    try:
        if not capture.isOpened():
            raise VideoUnreadable(f"{path}: cannot be read as a video")
        source_fps = capture.get(cv2.CAP_PROP_FPS)
        if not source_fps or not math.isfinite(source_fps) or source_fps <= 0:
            raise VideoUnreadable(f"{path}: the video gives no frame rate")
        step = _step(source_fps, sample_fps)
        frames: list[dict[str, Any]] = []
        size: tuple[int, int] | None = None
        with open_pose() as pose:
            index = 0
            while index / source_fps <= max_seconds:
                # grab() decodes without the copy and conversion of retrieve().
                if not capture.grab():
                    break
                if index % step == 0:
                    ok, image = capture.retrieve()
                    if not ok or image is None:
                        break
                    height, width = image.shape[:2]
                    size = size or (width, height)
                    longest = max(width, height)
                    if longest > MAX_SIDE_PX:
                        scale = MAX_SIDE_PX / longest
                        image = cv2.resize(
                            image,
                            (round(width * scale), round(height * scale)),
                            interpolation=cv2.INTER_AREA,
                        )
                    rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
                    frames.append(
                        {
                            "t": round(index / source_fps, 4),
                            "landmarks": landmarks_of(pose, rgb),
                        }
                    )
                index += 1
    finally:
        capture.release()
    if not frames or size is None:
        raise VideoUnreadable(f"{path}: no frame could be decoded")
    return {
        "fps": round(source_fps / step, 3),
        "view": view,
        "width": size[0],
        "height": size[1],
        "frames": frames,
    }

"""Is an uploaded file a squat video we can take? Judged by its content, never its name.

The container is recognised from its first bytes (MP4 and QuickTime: an
`ftyp`, `moov`, `mdat`, `free` or `wide` box; WebM: the EBML header with the
"webm" document type), then OpenCV (installed with mediapipe) opens it and
reads how long it is. Messages are for the client filming on a phone.
"""

from __future__ import annotations

import math
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.core.files.uploadedfile import UploadedFile

QUICKTIME_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip")
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# A little over the limit: phones round the length they show.
SECONDS_SLACK = 0.5

NOT_A_VIDEO = (
    "This file is not a video we can read. Film with your phone's camera "
    "(MP4, MOV or WebM) and send that clip."
)
UNREADABLE = (
    "This video could not be opened. Please film it again and send the new clip."
)


class VideoRefused(ValueError):
    """The upload is not an acceptable clip; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class VideoFacts:
    container: str  # "mp4", "mov" or "webm"
    duration_s: float
    frames: int
    width: int
    height: int


def sniff_container(head: bytes) -> str | None:
    """'mp4', 'mov', 'webm' or None from the first bytes of a file."""
    if len(head) >= 12 and head[4:8] in QUICKTIME_BOXES:
        if head[4:8] == b"ftyp":
            return "mov" if head[8:12] == b"qt  " else "mp4"
        return "mov"
    if head.startswith(EBML_MAGIC) and b"webm" in head[:64]:
        return "webm"
    return None


def _size_words(limit_bytes: int) -> str:
    return f"{limit_bytes // (1024 * 1024)} MB"


@contextmanager
def _on_disk(upload: UploadedFile) -> Iterator[str]:
    """A path OpenCV can open: the upload's own temporary file, or a copy of a small one."""
    path = getattr(upload, "temporary_file_path", None)
    if path is not None:
        yield path()
        return
    handle, name = tempfile.mkstemp(suffix=".video")
    try:
        with os.fdopen(handle, "wb") as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
        yield name
    finally:
        Path(name).unlink(missing_ok=True)


def _measure(path: str, *, max_seconds: float) -> tuple[float, int, int, int]:
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    try:
        import cv2
    except ImportError as error:  # without OpenCV the video feature is off
        raise VideoRefused(
            "Videos cannot be taken on this server at the moment. Your coach knows."
        ) from error
    cv2.setLogLevel(2)
    capture: Any = cv2.VideoCapture(path)
    try:
        if not capture.isOpened():
            raise VideoRefused(UNREADABLE)
        fps = capture.get(cv2.CAP_PROP_FPS)
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        if fps and math.isfinite(fps) and fps > 0 and count > 0:
            if not capture.grab():  # the header can promise frames a file lacks
                raise VideoRefused(UNREADABLE)
            return count / fps, count, width, height
        # WebM often states no frame count: walk the frames, stopping past the limit.
        frames = 0
        last_ms = 0.0
        while capture.grab():
            frames += 1
            last_ms = capture.get(cv2.CAP_PROP_POS_MSEC)
            if last_ms / 1000 > max_seconds + SECONDS_SLACK:
                break
        if frames == 0:
            raise VideoRefused(UNREADABLE)
        return last_ms / 1000, frames, width, height
    finally:
        capture.release()


def check_squat_video(
    *, upload: UploadedFile, max_bytes: int, max_seconds: float
) -> VideoFacts:
    """The facts of an acceptable clip, or VideoRefused with the reason."""
    if upload.size is not None and upload.size > max_bytes:
        raise VideoRefused(
            f"This video is too big ({upload.size / (1024 * 1024):.0f} MB): "
            f"{_size_words(max_bytes)} at most. Film 3-5 squats, about 15 seconds."
        )
    if not upload.size:
        raise VideoRefused("This file is empty. Please choose your squat video.")
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    container = sniff_container(head)
    if container is None:
        raise VideoRefused(NOT_A_VIDEO)
    with _on_disk(upload) as path:
        duration, frames, width, height = _measure(path, max_seconds=max_seconds)
    upload.seek(0)
    if duration > max_seconds + SECONDS_SLACK:
        raise VideoRefused(
            f"This video is too long ({duration:.0f} seconds): {max_seconds:.0f} "
            "seconds at most. Stand still for a second, do 3-5 slow squats, then stop."
        )
    if duration < 1.0:
        raise VideoRefused(
            "This video is too short. Stand still for a second, then do 3-5 slow squats."
        )
    return VideoFacts(container, round(duration, 2), frames, width, height)

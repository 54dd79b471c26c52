"""A still of the bottom of each flagged rep, with the face blurred before it is stored.

Not pure (OpenCV, the storage). The face is found from the landmarks of the
frame nearest the bottom (nose, eyes, ears, mouth); when they are not seen,
no still is kept, so an unblurred face is never stored.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from assessments.video.models import SquatVideo, still_path, video_storage
from assessments.video.services import local_copy

FACE_POINTS = range(11)  # MediaPipe Pose 0-10: nose, eyes, ears, mouth
MIN_FACE_VISIBILITY = 0.3


def _face_box(
    landmarks: list[list[float]], *, width: int, height: int
) -> tuple[int, int, int, int] | None:
    seen = [
        (x * width, y * height)
        for x, y, _, visibility in (landmarks[i] for i in FACE_POINTS)
        if visibility >= MIN_FACE_VISIBILITY and 0 <= x <= 1 and 0 <= y <= 1
    ]
    if len(seen) < 3:
        return None
    xs = [x for x, _ in seen]
    ys = [y for _, y in seen]
    # The face points sit inside the head: grow the box to the whole head and hair.
    size = max(max(xs) - min(xs), max(ys) - min(ys), 0.04 * height)
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = size * 1.2
    return (
        max(0, int(cx - half)),
        max(0, int(cy - half * 1.2)),
        min(width, int(cx + half)),
        min(height, int(cy + half)),
    )


def blur_face(image: Any, landmarks: list[list[float]]) -> Any | None:
    """The image with the head blurred beyond recognition, or None when the face is not found."""
    import cv2

    height, width = image.shape[:2]
    box = _face_box(landmarks, width=width, height=height)
    if box is None:
        return None
    left, top, right, bottom = box
    if right <= left or bottom <= top:
        return None
    region = image[top:bottom, left:right]
    # Pixelate then blur: no detail of the face survives either step.
    small = cv2.resize(region, (6, 6), interpolation=cv2.INTER_AREA)
    blocky = cv2.resize(
        small, (right - left, bottom - top), interpolation=cv2.INTER_NEAREST
    )
    image[top:bottom, left:right] = cv2.GaussianBlur(blocky, (0, 0), 8)
    return image


def _nearest_frame(document: dict[str, Any], t: float) -> dict[str, Any]:
    return min(document["frames"], key=lambda frame: abs(frame["t"] - t))


def flagged_rep_stills(
    *, video: SquatVideo, document: dict[str, Any], analysis: dict[str, Any]
) -> list[dict[str, Any]]:
    """Stores one blurred JPEG per flagged rep; [{"rep": n, "t": bottom, "name": ...}]."""
    import cv2

    flagged = [
        (number, rep["bottom"])
        for number, rep in enumerate(analysis["reps"], start=1)
        if rep["flags"]
    ]
    if not flagged:
        return []
    storage = video_storage()
    stills = []
    with local_copy(video.file.storage, video.file.name) as path:
        capture = cv2.VideoCapture(path)
        try:
            for number, bottom in flagged:
                capture.set(cv2.CAP_PROP_POS_MSEC, bottom * 1000)
                ok, image = capture.read()
                if not ok or image is None:
                    continue
                blurred = blur_face(
                    image, _nearest_frame(document, bottom)["landmarks"]
                )
                if blurred is None:
                    continue
                ok, jpeg = cv2.imencode(".jpg", blurred, [cv2.IMWRITE_JPEG_QUALITY, 80])
                if not ok:
                    continue
                name = storage.save(still_path(video, ""), ContentFile(jpeg.tobytes()))
                stills.append({"rep": number, "t": bottom, "name": name})
        finally:
            capture.release()
    return stills

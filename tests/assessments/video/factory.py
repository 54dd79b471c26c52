"""Squat video rows for tests: analysed from a synthetic landmarks document, no model needed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from assessments.video.analysis import analyse_squat, analysis_to_json
from assessments.video.landmarks import parse_landmarks
from assessments.video.models import SquatVideo
from clients.models import Client
from tests.assessments.video.synthetic import Squats, squat_document

# Left knee caves in by 14 deg at the bottom of each rep: flags knee_valgus left.
VALGUS_LEFT = Squats(fppa_bottom=(14.0, 0.0))


def valgus_document(squats: Squats = VALGUS_LEFT) -> dict[str, Any]:
    return squat_document(squats)


def make_analysed_video(
    *,
    client: Client,
    squats: Squats = VALGUS_LEFT,
    uploaded_at: datetime | None = None,
    **fields: Any,
) -> SquatVideo:
    document = squat_document(squats)
    analysis = analysis_to_json(analyse_squat(document=parse_landmarks(document)))
    ok = analysis["quality"]["ok"]
    return SquatVideo.objects.create(
        client=client,
        view=squats.view,
        uploaded_at=uploaded_at or timezone.now(),
        state=SquatVideo.State.DONE if ok else SquatVideo.State.POOR_QUALITY,
        landmarks=document,
        analysis=analysis,
        analysed_at=timezone.now(),
        **fields,
    )


def write_test_clip(
    path: Path, *, seconds: float, fps: int = 10, size: tuple[int, int] = (64, 96)
) -> Path:
    """A real MP4 (MPEG-4 part 2) of synthetic frames, written by OpenCV's VideoWriter."""
    import cv2
    import numpy

    width, height = size
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height)
    )
    for index in range(round(seconds * fps)):
        frame = numpy.full((height, width, 3), (index * 7) % 255, dtype=numpy.uint8)
        cv2.rectangle(
            frame, (10, 10 + index % 20), (30, 40 + index % 20), (0, 0, 255), -1
        )
        writer.write(frame)
    writer.release()
    return path


def use_tmp_video_storage(settings: Any, root: Path) -> None:
    """Squat videos and stills go to `root` for this test (settings is pytest-django's fixture)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "squat_videos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }

"""The analysis task end to end on a real clip: upload, the bundled pose model in the task, the stored result.

The clip is the full-body photograph of tests/assessments/video/real_media.py
(the standing man of the sports2d 0.8.34 demo clip, BSD-3-Clause), held by an
unsteady hand for 3 s. His left heel is seen with visibility 0.4-0.56
(docs/video.md), so the quality gate fails on it: the task must store the
real landmarks, say "needs filming again" and give the reason per landmark.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from assessments.video.landmarks import HIP
from assessments.video.models import SquatVideo
from tests.assessments.video import real_media
from tests.factory import make_client, make_client_user

pytestmark = [pytest.mark.django_db, pytest.mark.pose]


def standing_person() -> Any:
    try:
        return real_media.standing_person_bgr()
    except real_media.MediaUnavailable as error:
        if os.environ.get("REQUIRE_POSE") == "1":
            pytest.fail(f"REQUIRE_POSE=1 but the test photograph is missing: {error}")
        pytest.skip(f"test photograph unavailable: {error}")


def test_an_uploaded_real_clip_is_analysed_by_the_task(
    client: HttpClient,
    video_dir: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    clip = real_media.write_still_clip(
        standing_person(), tmp_path / "real.mp4", seconds=3
    )
    athlete = make_client()
    client.force_login(make_client_user(client=athlete))
    with django_capture_on_commit_callbacks(execute=True), clip.open("rb") as handle:
        response = client.post(
            reverse("squat-video:film"), {"view": "front", "video": handle}
        )
    assert response.status_code == 302
    video = SquatVideo.objects.get(client=athlete)
    assert video.state == SquatVideo.State.POOR_QUALITY
    assert video.landmarks is not None
    frames = video.landmarks["frames"]
    assert len(frames) == 30  # 3 s of 30 fps sampled at 10
    assert (video.landmarks["width"], video.landmarks["height"]) == (300, 500)
    # The real model found the man: his left hip where the photograph has it (196, 229) px.
    x, y = frames[0]["landmarks"][HIP["left"]][:2]
    assert abs(x * 300 - 196) < 10 and abs(y * 500 - 229) < 10
    assert video.analysis is not None
    assert video.analysis["flags"] == []
    assert any(
        reason.startswith("left heel")
        for reason in video.analysis["quality"]["reasons"]
    )
    # The coach sees why; the client sees they should film again.
    client.force_login(athlete.coach)
    page = client.get(reverse("videos:review", args=[video.pk])).content.decode()
    assert "Not measured: the client should film again." in page and "left heel" in page

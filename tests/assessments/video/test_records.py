"""The client's export holds their squat videos' analyses; erase removes the videos and their files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.video.models import SquatVideo
from assessments.video.services import squat_video_flag_review
from clients.records import client_erase, client_export
from tests.assessments.video.factory import make_analysed_video
from tests.factory import make_client

pytestmark = pytest.mark.django_db


def test_the_export_holds_each_videos_analysis_and_the_coachs_verdicts(
    video_dir: Path,
) -> None:
    athlete = make_client()
    video = make_analysed_video(client=athlete)
    squat_video_flag_review(
        video=video,
        code="knee_valgus",
        side="left",
        verdict="confirmed",
        user=athlete.coach,
    )
    exported = client_export(client=athlete, exported_by=athlete.coach)
    [row] = exported["squat_videos"]
    assert row["view"] == "front" and row["state"] == "done"
    assert row["analysis"]["flags"][0]["code"] == "knee_valgus"
    assert row["landmarks"]["frames"]
    assert [(r["code"], r["side"], r["verdict"]) for r in row["flag_reviews"]] == [
        ("knee_valgus", "left", "confirmed")
    ]
    assert "file" not in row  # never the clip, nor where it is stored


def test_erase_removes_the_videos_and_their_files(
    video_dir: Path, django_capture_on_commit_callbacks
) -> None:
    athlete = make_client()
    video = make_analysed_video(client=athlete)
    (video_dir / "videos").mkdir()
    (video_dir / "videos/clip.mp4").write_bytes(b"clip")
    (video_dir / "stills").mkdir()
    (video_dir / "stills/a.jpg").write_bytes(b"jpeg")
    video.file.name = "videos/clip.mp4"
    video.stills = [{"rep": 1, "t": 2.0, "name": "stills/a.jpg"}]
    video.save()
    other = make_analysed_video(client=make_client())
    with django_capture_on_commit_callbacks(execute=True):
        client_erase(client=athlete, erased_by=athlete.coach)
    assert list(SquatVideo.objects.all()) == [other]
    assert not (video_dir / "videos/clip.mp4").exists()
    assert not (video_dir / "stills/a.jpg").exists()

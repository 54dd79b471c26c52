"""Squat video services: upload and analysis states, the coach's review, deletion, purge, prefill."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.video import services
from assessments.video.model import UNAVAILABLE, PoseModelUnavailable, VideoUnreadable
from assessments.video.models import SquatVideo, VideoFlagReview
from assessments.video.services import (
    NoSuchFlag,
    session_video_evidence,
    squat_video_analyse,
    squat_video_delete,
    squat_video_flag_review,
    squat_video_review_finish,
    squat_video_upload,
    squat_videos_purge,
    video_prefill,
)
from assessments.video.upload import VideoFacts
from tests.assessments.video.factory import (
    VALGUS_LEFT,
    make_analysed_video,
    valgus_document,
)
from tests.assessments.video.synthetic import Squats, replace, squat_document
from tests.factory import make_client, make_session

pytestmark = pytest.mark.django_db

FACTS = VideoFacts("mp4", 12.0, 360, 720, 1280)


def upload(client, *, django_capture_on_commit_callbacks, execute: bool = True):
    clip = SimpleUploadedFile(
        "IMG_0042 Maya.mp4", b"\x00\x00\x00\x18ftypmp42" + b"x" * 100
    )
    with django_capture_on_commit_callbacks(execute=execute):
        return squat_video_upload(client=client, view="front", upload=clip, facts=FACTS)


@pytest.fixture
def synthetic_landmarks(monkeypatch: pytest.MonkeyPatch) -> dict:
    """The model replaced by a synthetic left-valgus clip (the model has its own tests)."""
    document = valgus_document()
    monkeypatch.setattr(services, "video_landmarks", lambda video: document)
    return document


def test_upload_stores_the_clip_under_a_random_name_and_queues_the_analysis(
    video_dir: Path, synthetic_landmarks: dict, django_capture_on_commit_callbacks
) -> None:
    maya = make_client()
    video = upload(
        maya, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    video.refresh_from_db()
    assert "Maya" not in video.file.name and video.file.name.endswith(".mp4")
    assert (video_dir / video.file.name).is_file()
    # Tests run tasks at once: the analysis ran when the upload committed.
    assert video.state == SquatVideo.State.DONE
    assert [(f["code"], f["side"]) for f in video.analysis["flags"]] == [
        ("knee_valgus", "left")
    ]
    assert video.landmarks == synthetic_landmarks
    assert video.analysed_at is not None


def test_upload_waits_for_the_worker_until_the_transaction_commits(
    video_dir: Path, synthetic_landmarks: dict, django_capture_on_commit_callbacks
) -> None:
    video = upload(
        make_client(),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
        execute=False,
    )
    video.refresh_from_db()
    assert video.state == SquatVideo.State.UPLOADED


def test_a_clip_failing_the_quality_gate_is_poor_quality_with_no_flags(
    video_dir: Path, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    hidden = squat_document(replace(VALGUS_LEFT, visibility=0.2))
    monkeypatch.setattr(services, "video_landmarks", lambda video: hidden)
    video = upload(
        make_client(),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    video.refresh_from_db()
    assert video.state == SquatVideo.State.POOR_QUALITY
    assert video.analysis["flags"] == []
    assert video.analysis["quality"]["reasons"]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PoseModelUnavailable("no mediapipe"), UNAVAILABLE),
        (VideoUnreadable("broken"), services.FAILED_UNREADABLE),
    ],
)
def test_a_model_or_decoding_problem_fails_the_video_with_a_plain_message(
    video_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
    error: Exception,
    message: str,
) -> None:
    def broken(video: SquatVideo) -> dict:
        raise error

    monkeypatch.setattr(services, "video_landmarks", broken)
    video = upload(
        make_client(),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    video.refresh_from_db()
    assert video.state == SquatVideo.State.FAILED
    assert video.error == message
    assert video.analysis is None


def test_an_analysis_of_a_deleted_clip_fails_instead_of_reading_nothing(
    video_dir: Path,
) -> None:
    video = make_analysed_video(client=make_client(), file_deleted_at=timezone.now())
    assert squat_video_analyse(video_id=video.pk).state == SquatVideo.State.FAILED


def test_the_coach_confirms_and_changes_a_verdict(video_dir: Path) -> None:
    video = make_analysed_video(client=make_client())
    coach = video.client.coach
    squat_video_flag_review(
        video=video, code="knee_valgus", side="left", verdict="confirmed", user=coach
    )
    squat_video_flag_review(
        video=video, code="knee_valgus", side="left", verdict="rejected", user=coach
    )
    assert list(video.flag_reviews.values_list("verdict", flat=True)) == ["rejected"]


def test_a_flag_the_video_does_not_have_cannot_be_confirmed(video_dir: Path) -> None:
    video = make_analysed_video(client=make_client())
    with pytest.raises(NoSuchFlag):
        squat_video_flag_review(
            video=video,
            code="knee_valgus",
            side="right",
            verdict="confirmed",
            user=video.client.coach,
        )
    assert not VideoFlagReview.objects.exists()


def stored(
    video_dir: Path, video: SquatVideo, name: str = "videos/clip.mp4"
) -> SquatVideo:
    (video_dir / "videos").mkdir(exist_ok=True)
    (video_dir / name).write_bytes(b"clip")
    video.file.name = name
    video.save(update_fields=["file"])
    return video


def test_finishing_the_review_deletes_the_clip_and_keeps_the_measurements(
    video_dir: Path, django_capture_on_commit_callbacks
) -> None:
    video = stored(video_dir, make_analysed_video(client=make_client()))
    with django_capture_on_commit_callbacks(execute=True):
        video = squat_video_review_finish(video=video, user=video.client.coach)
    video.refresh_from_db()
    assert not (video_dir / "videos/clip.mp4").exists()
    assert video.file.name == "" and video.file_deleted_because == "reviewed"
    assert video.reviewed_by == video.client.coach
    assert video.analysis is not None
    assert video.analysis["flags"] and video.landmarks


def test_purge_deletes_clips_older_than_the_keep_period_and_no_younger(
    video_dir: Path, settings, django_capture_on_commit_callbacks
) -> None:
    settings.SQUAT_VIDEO_KEEP_DAYS = 30
    now = timezone.now()
    client = make_client()
    old = stored(
        video_dir,
        make_analysed_video(
            client=client, uploaded_at=now - timedelta(days=30, minutes=1)
        ),
        "videos/old.mp4",
    )
    young = stored(
        video_dir,
        make_analysed_video(
            client=client, uploaded_at=now - timedelta(days=29, hours=23)
        ),
        "videos/young.mp4",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert squat_videos_purge(now=now) == 1
    old.refresh_from_db()
    young.refresh_from_db()
    assert (
        old.file_deleted_because == "expired"
        and not (video_dir / "videos/old.mp4").exists()
    )
    assert young.has_file and (video_dir / "videos/young.mp4").exists()
    # Run again: nothing left to do.
    assert squat_videos_purge(now=now) == 0


def test_purge_deletes_a_reviewed_clip_the_review_left_behind(
    video_dir: Path, django_capture_on_commit_callbacks
) -> None:
    video = stored(
        video_dir, make_analysed_video(client=make_client(), reviewed_at=timezone.now())
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert squat_videos_purge() == 1
    video.refresh_from_db()
    assert video.file_deleted_because == "reviewed"
    assert not (video_dir / "videos/clip.mp4").exists()


def test_the_purge_command_says_how_many_it_deleted(video_dir: Path) -> None:
    from io import StringIO

    from django.core.management import call_command

    make_analysed_video(
        client=make_client(), uploaded_at=timezone.now() - timedelta(days=40)
    )
    out = StringIO()
    call_command("purge_squat_videos", stdout=out)
    assert out.getvalue().strip() == "1 squat video clip deleted."


def test_the_client_deletes_their_video_and_its_files(
    video_dir: Path, django_capture_on_commit_callbacks
) -> None:
    video = stored(video_dir, make_analysed_video(client=make_client()))
    (video_dir / "stills").mkdir()
    (video_dir / "stills/a.jpg").write_bytes(b"jpeg")
    video.stills = [{"rep": 1, "t": 2.0, "name": "stills/a.jpg"}]
    video.save(update_fields=["stills"])
    with django_capture_on_commit_callbacks(execute=True):
        squat_video_delete(video=video)
    assert not SquatVideo.objects.exists()
    assert not (video_dir / "videos/clip.mp4").exists()
    assert not (video_dir / "stills/a.jpg").exists()


def test_confirmed_flags_prefill_the_next_assessment_only(video_dir: Path) -> None:
    client = make_client()
    make_session(client=client, heels_rise=False)
    video = make_analysed_video(client=client)
    assert video_prefill(client=client) == []  # nothing confirmed yet
    squat_video_flag_review(
        video=video,
        code="knee_valgus",
        side="left",
        verdict="confirmed",
        user=client.coach,
    )
    [evidence] = video_prefill(client=client)
    assert (evidence.field, evidence.video) == ("knees_cave_left", video)
    assert evidence.label == "left knee caves in"
    session = make_session(client=client, knees_cave_left=True, heels_rise=False)
    # The new session took it: the next form starts clean, and the session cites the video.
    assert video_prefill(client=client) == []
    assert [item.field for item in session_video_evidence(session=session)] == [
        "knees_cave_left"
    ]


def test_a_rejected_flag_prefills_nothing(video_dir: Path) -> None:
    video = make_analysed_video(client=make_client())
    squat_video_flag_review(
        video=video,
        code="knee_valgus",
        side="left",
        verdict="rejected",
        user=video.client.coach,
    )
    assert video_prefill(client=video.client) == []


def test_a_session_that_left_the_flag_unticked_cites_no_video(video_dir: Path) -> None:
    video = make_analysed_video(client=make_client())
    squat_video_flag_review(
        video=video,
        code="knee_valgus",
        side="left",
        verdict="confirmed",
        user=video.client.coach,
    )
    session = make_session(client=video.client, knees_cave_left=False)
    assert session_video_evidence(session=session) == []


def test_side_view_flags_map_to_the_side_view_fields(video_dir: Path) -> None:
    squats = Squats(view="side", heel_rise=0.2, trunk_deg=60.0)
    video = make_analysed_video(client=make_client(), squats=squats)
    assert video.analysis is not None
    codes = {(f["code"], f["side"]) for f in video.analysis["flags"]}
    assert codes == {("heel_rise", "left"), ("forward_lean", "left")}
    for code, side in codes:
        squat_video_flag_review(
            video=video,
            code=code,
            side=side,
            verdict="confirmed",
            user=video.client.coach,
        )
    assert sorted(item.field for item in video_prefill(client=video.client)) == [
        "forward_lean",
        "heels_rise",
    ]


def test_the_task_of_a_video_deleted_meanwhile_ends_quietly(video_dir: Path) -> None:
    from assessments.video.tasks import analyse_squat_video

    video = make_analysed_video(client=make_client())
    video_id = video.pk
    video.delete()
    assert analyse_squat_video.call(video_id=video_id) == "deleted"

"""Stills of flagged reps: the face is blurred before anything is stored, or no still is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from numpy.typing import NDArray

numpy = pytest.importorskip("numpy")
pytest.importorskip("cv2")

from assessments.video.stills import blur_face  # noqa: E402

WIDTH, HEIGHT = 200, 300


def face_landmarks(seen: float = 0.9) -> list[list[float]]:
    points = [[0.5, 0.8, 0.0, 0.9] for _ in range(33)]
    # Nose, eyes, ears and mouth around (100, 40) px.
    for index, (x, y) in enumerate(
        [
            (100, 40),
            (95, 35),
            (92, 35),
            (90, 35),
            (105, 35),
            (108, 35),
            (110, 35),
            (85, 38),
            (115, 38),
            (97, 48),
            (103, 48),
        ]
    ):
        points[index] = [x / WIDTH, y / HEIGHT, 0.0, seen]
    return points


def noisy_image() -> NDArray[Any]:
    return numpy.random.default_rng(1).integers(
        0, 255, (HEIGHT, WIDTH, 3), dtype=numpy.uint8
    )


def test_it_blurs_the_head_and_leaves_the_knees_alone() -> None:
    original = noisy_image()
    blurred = blur_face(original.copy(), face_landmarks())
    assert blurred is not None
    head = (slice(30, 50), slice(90, 110))
    knees = (slice(200, 260), slice(50, 150))
    # Random noise has a large spread; a blurred patch almost none.
    assert original[head].std() > 50
    assert blurred[head].std() < 10
    assert numpy.array_equal(blurred[knees], original[knees])


def test_no_still_without_a_face_to_blur() -> None:
    assert blur_face(noisy_image(), face_landmarks(seen=0.1)) is None


@pytest.mark.django_db
def test_the_analysis_stores_one_blurred_still_per_flagged_rep(
    video_dir,
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:
    import cv2
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.video import services
    from assessments.video.upload import VideoFacts
    from tests.assessments.video.factory import valgus_document, write_test_clip
    from tests.factory import make_client

    document = valgus_document()
    for frame in document["frames"]:
        nose = frame["landmarks"][0]
        # The face points around the nose the synthetic body already has.
        for index in range(1, 11):
            frame["landmarks"][index] = [
                nose[0] + (index - 5) * 0.01,
                nose[1] + 0.01,
                0.0,
                0.9,
            ]
    monkeypatch.setattr(services, "video_landmarks", lambda video: document)
    clip = write_test_clip(tmp_path / "c.mp4", seconds=10, size=(96, 160))
    upload = SimpleUploadedFile("c.mp4", clip.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        video = services.squat_video_upload(
            client=make_client(),
            view="front",
            upload=upload,
            facts=VideoFacts("mp4", 10.0, 100, 96, 160),
        )
    video.refresh_from_db()
    assert video.analysis is not None
    flagged = [
        n for n, rep in enumerate(video.analysis["reps"], start=1) if rep["flags"]
    ]
    assert [still["rep"] for still in video.stills] == flagged == [1, 2, 3]
    for still in video.stills:
        image = cv2.imread(str(video_dir / still["name"]))
        assert image.shape[:2] == (160, 96)


@pytest.mark.django_db
def test_without_face_points_the_analysis_keeps_no_still(
    video_dir,
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.video import services
    from assessments.video.models import SquatVideo
    from assessments.video.upload import VideoFacts
    from tests.assessments.video.factory import valgus_document, write_test_clip
    from tests.factory import make_client

    document = valgus_document()
    for frame in document["frames"]:
        for index in range(11):  # the face turned away: nose, eyes, ears, mouth unseen
            frame["landmarks"][index][3] = 0.1
    monkeypatch.setattr(services, "video_landmarks", lambda video: document)
    clip = write_test_clip(tmp_path / "c.mp4", seconds=10)
    with django_capture_on_commit_callbacks(execute=True):
        video = services.squat_video_upload(
            client=make_client(),
            view="front",
            upload=SimpleUploadedFile("c.mp4", clip.read_bytes()),
            facts=VideoFacts("mp4", 10.0, 100, 64, 96),
        )
    video.refresh_from_db()
    assert video.analysis is not None
    assert video.state == SquatVideo.State.DONE and video.analysis["flags"]
    assert video.stills == []
    assert not (video_dir / "stills").exists()

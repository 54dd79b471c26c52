"""The pose model with the network blocked: the bundled model loads and finds real people.

Real photographs, none committed (real_media.py fetches and checks them):
- full body: the first frame of the demo clip in the `sports2d` 0.8.34 wheel
  on PyPI (BSD-3-Clause), a man standing facing the camera, cropped to 300 x 500;
- upper body: matplotlib's sample `grace_hopper.jpg` (US Navy portrait of
  Grace Hopper, a US government work in the public domain).
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from assessments.video import model
from assessments.video.analysis import analyse_squat
from assessments.video.landmarks import ANKLE, HIP, KNEE, parse_landmarks
from tests.assessments.video import real_media


class NetworkBlocked(OSError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: Any) -> Any:
        raise NetworkBlocked("network access in a pose model test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def media(load: Any) -> Any:
    try:
        return load()
    except real_media.MediaUnavailable as error:
        if os.environ.get("REQUIRE_POSE") == "1":
            pytest.fail(f"REQUIRE_POSE=1 but the test photograph is missing: {error}")
        pytest.skip(f"test photograph unavailable: {error}")


@pytest.fixture(scope="module")
def standing_person() -> Any:
    return media(real_media.standing_person_bgr)


# Read off the photograph by eye (pixels of the 300 x 500 crop): the man's
# left leg is on the image's right, as he faces the camera.
JOINTS = {
    (KNEE["right"], "right knee"): (142, 304),
    (KNEE["left"], "left knee"): (200, 308),
    (ANKLE["right"], "right ankle"): (147, 391),
    (ANKLE["left"], "left ankle"): (197, 395),
    (HIP["right"], "right hip"): (151, 227),
    (HIP["left"], "left hip"): (196, 229),
}
TOLERANCE_PX = 8


def test_it_says_plainly_when_a_model_file_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(model, "MODEL_FILES", ("modules/pose_landmark/none.tflite",))
    with pytest.raises(model.PoseModelUnavailable) as caught:
        model.landmarks_from_video(path=tmp_path / "clip.mp4", view="front")
    assert str(caught.value) == "The pose model is not available on this server"
    assert not model.pose_model_available()


def test_it_says_plainly_when_mediapipe_is_not_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "mediapipe", None)  # makes the import fail
    with pytest.raises(
        model.PoseModelUnavailable, match="not available on this server"
    ):
        model.landmarks_from_video(path=tmp_path / "clip.mp4", view="front")


@pytest.mark.pose
def test_the_network_is_really_blocked(no_network: None) -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9), timeout=1)


@pytest.mark.pose
def test_it_finds_the_joints_of_a_full_body_photograph(
    no_network: None, standing_person: Any
) -> None:
    import cv2

    height, width = standing_person.shape[:2]
    with model.open_pose() as pose:
        points = model.landmarks_of(
            pose, cv2.cvtColor(standing_person, cv2.COLOR_BGR2RGB)
        )
    for (index, name), (x, y) in JOINTS.items():
        found_x, found_y, _, visibility = points[index]
        assert abs(found_x * width - x) <= TOLERANCE_PX, name
        assert abs(found_y * height - y) <= TOLERANCE_PX, name
        assert visibility >= 0.5, name


@pytest.mark.pose
def test_a_clip_is_sampled_at_10_to_15_frames_per_second(
    no_network: None, standing_person: Any, tmp_path: Path
) -> None:
    clip = real_media.write_still_clip(
        standing_person, tmp_path / "still.mp4", seconds=2
    )
    for sample_fps, frames in ((10.0, 20), (15.0, 30)):
        data = model.landmarks_from_video(
            path=clip, view="front", sample_fps=sample_fps
        )
        document = parse_landmarks(data)  # a valid landmarks document
        assert (document.width, document.height) == (300, 500)
        assert document.fps == sample_fps
        assert len(document.frames) == frames
        assert [f.t for f in document.frames[:3]] == pytest.approx(
            [0, 1 / sample_fps, 2 / sample_fps], abs=1e-3
        )
        # Tracking holds the person: the left knee stays where the photograph has it.
        x, y = JOINTS[(KNEE["left"], "left knee")]
        for frame in document.frames:
            knee = frame.landmarks[KNEE["left"]]
            assert abs(knee.x * 300 - x) <= 2 * TOLERANCE_PX
            assert abs(knee.y * 500 - y) <= 2 * TOLERANCE_PX


@pytest.mark.pose
def test_an_upper_body_photograph_fails_the_quality_gate(
    no_network: None, tmp_path: Path
) -> None:
    import cv2

    portrait = cv2.imread(str(media(real_media.grace_hopper_path)))
    clip = real_media.write_still_clip(portrait, tmp_path / "portrait.mp4", seconds=2)
    data = model.landmarks_from_video(path=clip, view="front")
    analysis = analyse_squat(document=parse_landmarks(data))
    assert analysis.quality.ok is False
    assert analysis.quality.usable_frames == 0
    assert any("knee" in reason for reason in analysis.quality.reasons)
    assert analysis.flags == ()


@pytest.mark.pose
def test_a_file_that_is_not_a_video_is_reported_as_unreadable(tmp_path: Path) -> None:
    fake = tmp_path / "clip.mp4"
    fake.write_bytes(b"not a video at all" * 100)
    with pytest.raises(model.VideoUnreadable, match="cannot be read as a video"):
        model.landmarks_from_video(path=fake, view="side")

"""Upload checks by content: a real MP4 passes; a renamed text file, a too long or too big clip do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.video.upload import (
    NOT_A_VIDEO,
    VideoRefused,
    check_squat_video,
    sniff_container,
)
from tests.assessments.video.factory import write_test_clip

MB = 1024 * 1024

pytest.importorskip("cv2")


def upload_of(path: Path, name: str = "clip.mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, path.read_bytes(), content_type="video/mp4")


def check(
    upload: SimpleUploadedFile, *, max_bytes: int = 60 * MB, max_seconds: float = 30.0
):
    return check_squat_video(
        upload=upload, max_bytes=max_bytes, max_seconds=max_seconds
    )


def test_it_accepts_a_real_mp4_and_reads_its_length(tmp_path: Path) -> None:
    clip = write_test_clip(tmp_path / "a.mp4", seconds=3, fps=10)
    facts = check(upload_of(clip))
    assert facts.container == "mp4"
    assert facts.duration_s == pytest.approx(3.0, abs=0.15)
    assert facts.frames == 30
    assert (facts.width, facts.height) == (64, 96)


def test_it_judges_by_content_not_by_name(tmp_path: Path) -> None:
    clip = write_test_clip(tmp_path / "a.mp4", seconds=2)
    assert check(upload_of(clip, name="holiday.txt")).container == "mp4"


def test_it_refuses_a_text_file_named_like_a_video() -> None:
    fake = SimpleUploadedFile(
        "squat.mp4", b"just some words, not a video\n" * 20, content_type="video/mp4"
    )
    with pytest.raises(VideoRefused) as refused:
        check(fake)
    assert str(refused.value) == NOT_A_VIDEO


def test_it_refuses_a_file_with_a_video_header_and_no_frames() -> None:
    broken = SimpleUploadedFile(
        "squat.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500
    )
    with pytest.raises(VideoRefused, match="could not be opened"):
        check(broken)


def test_it_refuses_a_clip_longer_than_the_limit(tmp_path: Path) -> None:
    clip = write_test_clip(tmp_path / "long.mp4", seconds=4, fps=10)
    with pytest.raises(
        VideoRefused, match=r"too long \(4 seconds\): 3 seconds at most"
    ):
        check(upload_of(clip), max_seconds=3.0)


def test_it_refuses_a_file_bigger_than_the_limit(tmp_path: Path) -> None:
    clip = write_test_clip(tmp_path / "a.mp4", seconds=2)
    with pytest.raises(VideoRefused, match="too big"):
        check(upload_of(clip), max_bytes=100)


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(VideoRefused, match="empty"):
        check(SimpleUploadedFile("squat.mp4", b""))


@pytest.mark.parametrize(
    ("head", "container"),
    [
        (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "mov"),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x00", "mov"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "webm"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", None),
        (b"GIF89a\x00\x00\x00\x00\x00\x00", None),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", None),
    ],
)
def test_it_recognises_containers_by_their_first_bytes(
    head: bytes, container: str | None
) -> None:
    assert sniff_container(head) == container

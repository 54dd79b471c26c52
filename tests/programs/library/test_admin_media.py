"""Image and video uploads: stored through Django's storage, with type and size limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from PIL import Image

from programs.library.forms import (
    IMAGE_MAX_BYTES,
    VIDEO_MAX_BYTES,
    validate_drill_image,
    validate_drill_video,
    video_kind,
)
from programs.models import Drill
from tests.factory import PASSWORD, make_library_editor

pytestmark = pytest.mark.django_db

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
WEBM_HEAD = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def make_drill() -> Drill:
    return Drill.objects.create(
        slug="media-drill",
        name="Media drill",
        ladder="media",
        region="ankle",
        purpose="mobility",
        sets=2,
        seconds=30,
        instructions="Slowly.",
    )


def upload(drill: Drill, **files: SimpleUploadedFile | str):
    editor = make_library_editor()
    editor.groups.add(Group.objects.get(name="Library editors"))
    browser = HttpClient()
    browser.login(username=editor.username, password=PASSWORD)
    data: dict[str, object] = {
        "name": drill.name,
        "slug": drill.slug,
        "region": drill.region,
        "purpose": drill.purpose,
        "ladder": drill.ladder,
        "sets": drill.sets,
        "seconds": drill.seconds,
        "instructions": drill.instructions,
        "retired_at_0": "",
        "retired_at_1": "",
        "_save": "Save",
        **files,
    }
    return browser.post(f"/admin/programs/drill/{drill.pk}/change/", data)


def field_errors(response, name: str) -> list[str]:
    return list(response.context["adminform"].form.errors.get(name, []))


@pytest.mark.parametrize(
    ("filename", "image_format"),
    [
        ("knee.png", "PNG"),
        ("knee.jpg", "JPEG"),
        ("knee.JPEG", "JPEG"),
        ("knee.webp", "WEBP"),
    ],
)
def test_it_stores_an_image_through_the_storage_api(
    filename: str, image_format: str
) -> None:
    drill = make_drill()
    response = upload(
        drill, image=SimpleUploadedFile(filename, image_bytes(image_format))
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.image.name is not None
    assert drill.image.name.startswith("drills/images/")
    assert default_storage.exists(drill.image.name)


def test_it_stores_a_video() -> None:
    drill = make_drill()
    response = upload(
        drill, video=SimpleUploadedFile("how.mp4", MP4_HEAD + b"\x00" * 100)
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.video.name is not None
    assert default_storage.exists(drill.video.name)


@pytest.mark.parametrize(
    ("field", "upload_file", "words"),
    [
        (
            "image",
            SimpleUploadedFile("knee.gif", image_bytes("GIF")),
            "not a JPEG, PNG or WebP image",
        ),
        (
            "image",
            SimpleUploadedFile("knee.png", b"this is not an image"),
            "not a readable image",
        ),
        (
            "image",
            SimpleUploadedFile("knee.jpg", image_bytes("PNG")),
            "holds a PNG image",
        ),
        (
            "image",
            SimpleUploadedFile("notes.txt", b"hello"),
            "not a JPEG, PNG or WebP image",
        ),
        ("video", SimpleUploadedFile("how.avi", MP4_HEAD), "not an MP4 or WebM video"),
        (
            "video",
            SimpleUploadedFile("how.mp4", b"MZ\x90\x00 not a video at all"),
            "does not contain MP4 video",
        ),
        (
            "video",
            SimpleUploadedFile("how.webm", MP4_HEAD),
            "does not contain WEBM video",
        ),
    ],
)
def test_it_refuses_the_wrong_type_with_a_clear_message(
    field: str, upload_file: SimpleUploadedFile, words: str
) -> None:
    drill = make_drill()
    response = upload(drill, **{field: upload_file})
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert len(errors) == 1 and words in errors[0]
    drill.refresh_from_db()
    assert not getattr(drill, field)


def test_it_refuses_an_image_over_two_megabytes() -> None:
    drill = make_drill()
    big = image_bytes("PNG") + b"\x00" * IMAGE_MAX_BYTES
    response = upload(drill, image=SimpleUploadedFile("big.png", big))
    errors = field_errors(response, "image")
    assert errors and "is 2.0 MB" in errors[0] and "at most 2 MB" in errors[0]


def test_it_refuses_a_video_over_twenty_megabytes() -> None:
    drill = make_drill()
    big = WEBM_HEAD + b"\x00" * VIDEO_MAX_BYTES
    response = upload(drill, video=SimpleUploadedFile("big.webm", big))
    errors = field_errors(response, "video")
    assert errors and "at most 20 MB" in errors[0]
    assert not default_storage.listdir("")[1]


def test_it_accepts_a_file_exactly_at_the_limit() -> None:
    at_limit = WEBM_HEAD + b"\x00" * (VIDEO_MAX_BYTES - len(WEBM_HEAD))
    validate_drill_video(SimpleUploadedFile("ok.webm", at_limit))
    png = image_bytes("PNG")
    validate_drill_image(
        SimpleUploadedFile("ok.png", png + b"\x00" * (IMAGE_MAX_BYTES - len(png)))
    )


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (MP4_HEAD, "mp4"),
        (WEBM_HEAD, "webm"),
        (b"\x1a\x45\xdf\xa3matroska", None),
        (b"", None),
    ],
)
def test_it_reads_the_video_signature(head: bytes, kind: str | None) -> None:
    assert video_kind(head) == kind


def test_it_stores_a_poster_captions_and_an_image_description() -> None:
    drill = make_drill()
    response = upload(
        drill,
        video=SimpleUploadedFile("how.mp4", MP4_HEAD + b"\x00" * 100),
        video_poster=SimpleUploadedFile("still.jpg", image_bytes("JPEG")),
        video_captions=SimpleUploadedFile(
            "how.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nLower slowly.\n"
        ),
        media_alt="Side view of a slow squat",
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert (drill.video_poster.name or "").startswith("drills/posters/")
    assert drill.video_captions.name
    assert default_storage.exists(drill.video_captions.name)
    assert drill.media_alt == "Side view of a slow squat"


@pytest.mark.parametrize(
    ("field", "upload_file", "words"),
    [
        (
            "video_poster",
            SimpleUploadedFile("still.png", b"not an image"),
            "not a readable image",
        ),
        (
            "video_captions",
            SimpleUploadedFile("how.srt", b"1\n00:00:00,000 --> 00:00:02,000\nHi\n"),
            "not a WebVTT captions file",
        ),
        (
            "video_captions",
            SimpleUploadedFile("how.vtt", b"1\n00:00.000 --> 00:02.000\nHi\n"),
            "does not start with WEBVTT",
        ),
        (
            "video_captions",
            SimpleUploadedFile("how.vtt", b"WEBVTT\n" + b"x" * 210 * 1024),
            "at most 200 KB",
        ),
    ],
)
def test_it_refuses_a_poster_or_captions_file_it_cannot_use(
    field: str, upload_file: SimpleUploadedFile, words: str
) -> None:
    drill = make_drill()
    response = upload(drill, **{field: upload_file})
    assert response.status_code == 200
    assert any(words in error for error in field_errors(response, field))
    drill.refresh_from_db()
    assert not getattr(drill, field)

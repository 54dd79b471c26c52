"""The client films and sends a squat video from the phone: the page, the upload checks, delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse

from assessments.video import services, views
from assessments.video.models import SquatVideo
from tests.assessments.video.factory import (
    make_analysed_video,
    valgus_document,
    write_test_clip,
)
from tests.factory import make_client, make_client_user, make_coach

pytestmark = pytest.mark.django_db

FILM_URL = "/plan/squat-video/"


@pytest.fixture
def maya(client: HttpClient):
    athlete = make_client(name="Maya")
    client.force_login(make_client_user(client=athlete))
    return athlete


@pytest.fixture
def synthetic_landmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "video_landmarks", lambda video: valgus_document())


def test_the_url_is_the_one_with_the_big_body_limit(settings) -> None:
    assert reverse("squat-video:film") == FILM_URL == settings.SQUAT_VIDEO_UPLOAD_PATH


def test_it_shows_the_guide_the_consent_and_a_camera_input(
    client: HttpClient, maya, settings
) -> None:
    settings.SQUAT_VIDEO_KEEP_DAYS = 30
    response = client.get(FILM_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "hip height" in page and "2-3 metres" in page and "whole body" in page
    assert "Stand still for one second" in page and "3-5 slow squats" in page
    assert "Only your coach sees your video" in page
    assert "deleted as soon as your coach has reviewed it, or after 30 days" in page
    assert 'accept="video/*"' in page and 'capture="environment"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "No videos yet." in page


def test_it_stores_a_real_clip_and_shows_it_analysed(
    client: HttpClient,
    maya,
    video_dir: Path,
    tmp_path: Path,
    synthetic_landmarks,
    django_capture_on_commit_callbacks,
) -> None:
    clip = write_test_clip(tmp_path / "IMG_1.mp4", seconds=2)
    with django_capture_on_commit_callbacks(execute=True), clip.open("rb") as handle:
        response = client.post(FILM_URL, {"view": "front", "video": handle})
    assert response.status_code == 302 and response["Location"] == FILM_URL
    video = SquatVideo.objects.get(client=maya)
    assert video.view == "front" and video.extension == "mp4"
    assert video.duration_s == pytest.approx(2.0, abs=0.15)
    assert video.file.name is not None
    assert (video_dir / video.file.name).read_bytes() == clip.read_bytes()
    page = client.get(FILM_URL).content.decode()
    assert "Video sent." in page
    assert "Analysed" in page


def test_it_refuses_a_text_file_named_like_a_video_and_keeps_the_choice(
    client: HttpClient, maya, video_dir: Path
) -> None:
    fake = SimpleUploadedFile(
        "squat.mp4", b"not a video at all\n" * 50, content_type="video/mp4"
    )
    response = client.post(FILM_URL, {"view": "side", "video": fake})
    page = response.content.decode()
    assert response.status_code == 400
    assert "This file is not a video we can read." in page
    assert (
        '<input type="radio" name="view" value="side" id="id_view_1" required checked>'
        in page
    )
    assert not SquatVideo.objects.exists()
    assert not any(video_dir.rglob("*.*"))


def test_it_refuses_a_clip_over_the_length_limit(
    client: HttpClient, maya, video_dir: Path, tmp_path: Path, settings
) -> None:
    settings.SQUAT_VIDEO_MAX_SECONDS = 2.0
    clip = write_test_clip(tmp_path / "long.mp4", seconds=4)
    with clip.open("rb") as handle:
        response = client.post(FILM_URL, {"view": "front", "video": handle})
    assert response.status_code == 400
    assert (
        "This video is too long (4 seconds): 2 seconds at most."
        in response.content.decode()
    )
    assert not SquatVideo.objects.exists()


def test_it_asks_for_the_view_and_the_file(client: HttpClient, maya) -> None:
    response = client.post(FILM_URL, {})
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Choose front or side." in page and "Choose or film your squat video." in page
    )


def test_without_the_pose_model_it_says_so_and_takes_nothing(
    client: HttpClient,
    maya,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(views, "pose_model_available", lambda: False)
    page = client.get(FILM_URL).content.decode()
    assert "The pose model is not available on this server" in page
    assert 'type="file"' not in page
    clip = write_test_clip(tmp_path / "a.mp4", seconds=2)
    with clip.open("rb") as handle:
        response = client.post(FILM_URL, {"view": "front", "video": handle})
    assert response.status_code == 503
    assert not SquatVideo.objects.exists()
    # The plan itself still works.
    assert client.get("/plan/").status_code == 200


def test_the_upload_url_takes_a_60_mb_body_and_no_more(
    client: HttpClient, maya
) -> None:
    response = client.generic(
        "POST",
        FILM_URL,
        b"",
        CONTENT_LENGTH=str(60 * 1024 * 1024),
        content_type="application/octet-stream",
    )
    assert response.status_code != 413
    response = client.generic(
        "POST",
        FILM_URL,
        b"",
        CONTENT_LENGTH=str(62 * 1024 * 1024),
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    # Every other plan page keeps the small limit.
    response = client.generic(
        "POST",
        "/plan/pain/",
        b"",
        CONTENT_LENGTH=str(2 * 1024 * 1024),
        content_type="application/octet-stream",
    )
    assert response.status_code == 413


def test_the_client_deletes_their_own_video(
    client: HttpClient, maya, video_dir: Path
) -> None:
    video = make_analysed_video(client=maya)
    response = client.post(reverse("squat-video:delete", args=[video.pk]))
    assert response.status_code == 302
    assert not SquatVideo.objects.filter(pk=video.pk).exists()


def test_a_client_cannot_delete_another_clients_video(
    client: HttpClient, maya, video_dir: Path
) -> None:
    other = make_analysed_video(client=make_client())
    assert (
        client.post(reverse("squat-video:delete", args=[other.pk])).status_code == 404
    )
    assert SquatVideo.objects.filter(pk=other.pk).exists()


def test_a_client_sees_only_their_own_videos(
    client: HttpClient, maya, video_dir: Path
) -> None:
    make_analysed_video(client=make_client())
    assert "No videos yet." in client.get(FILM_URL).content.decode()


def test_coaches_cannot_use_the_client_page(client: HttpClient) -> None:
    client.force_login(make_coach())
    assert client.get(FILM_URL).status_code == 403


def test_the_plan_links_to_filming(client: HttpClient, maya) -> None:
    assert f'href="{FILM_URL}"' in client.get("/plan/").content.decode()


def test_the_film_your_squat_card_links_to_filming(client: HttpClient) -> None:
    from programs.models import Drill, Prescription
    from tests.factory import make_program, make_session

    athlete = make_client()
    program = make_program(session=make_session(client=athlete))
    first = (
        Prescription.objects.filter(phase__program=program, phase__number=1)
        .order_by("order", "id")
        .first()
    )
    assert first is not None
    first.drill = Drill.objects.get(slug="film-your-squat")
    first.save(update_fields=["drill"])
    client.force_login(make_client_user(client=athlete))
    page = client.get("/plan/").content.decode()
    card = page.split(f'id="drill-card-{first.pk}"')[1].split("</article>")[0]
    assert (
        f'<a class="button primary" href="{FILM_URL}">Film and send it to your coach</a>'
        in card
    )

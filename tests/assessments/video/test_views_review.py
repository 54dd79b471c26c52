"""The coach's review of a squat video: the page, seeking links, the chart, verdicts, clip, compare."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from assessments.video import views
from assessments.video.models import SquatVideo, VideoFlagReview
from tests.assessments.video.factory import VALGUS_LEFT, make_analysed_video
from tests.assessments.video.synthetic import replace
from tests.factory import make_client, make_client_user, make_coach

pytestmark = pytest.mark.django_db


@pytest.fixture
def video(video_dir: Path) -> SquatVideo:
    return make_analysed_video(client=make_client(name="Maya"))


def review_url(video: SquatVideo) -> str:
    return reverse("videos:review", args=[video.pk])


def test_it_lists_flags_and_reps_with_links_that_seek_the_clip(
    client: HttpClient, video: SquatVideo, video_dir: Path
) -> None:
    (video_dir / "videos").mkdir()
    (video_dir / "videos/c.mp4").write_bytes(b"clip")
    video.file.name = "videos/c.mp4"
    video.save()
    client.force_login(video.client.coach)
    page = client.get(review_url(video)).content.decode()
    clip = reverse("videos:clip", args=[video.pk])
    assert (
        f'<video id="squat-clip" class="squat-clip" src="{clip}" controls preload="metadata">'
        in page
    )
    assert "Left knee caves in: " in page
    assert (
        "Rule at least 10 degrees change from standing; source project default "
        "(Munro A et al. 2012, Herrington L 2014)." in page
    )
    assert video.analysis is not None
    first = video.analysis["reps"][0]
    assert (
        f'href="{clip}#t={first["bottom"]:.1f}" data-seek="{first["bottom"]:.1f}"'
        in page
    )
    assert page.count('<li class="rep">') == len(video.analysis["reps"]) == 3
    assert '<svg class="chart"' in page and "flag zone" in page and "standing" in page
    assert "js/video-seek.js" in page
    # Plain words: no code names on the page.
    assert "knee_valgus" not in page.replace('value="knee_valgus"', "")
    assert "fppa" not in page


def test_the_client_page_lists_the_videos_with_their_state(
    client: HttpClient, video: SquatVideo
) -> None:
    client.force_login(video.client.coach)
    page = client.get(
        reverse("clients:detail", args=[video.client.pk])
    ).content.decode()
    assert review_url(video) in page and "Analysed" in page


def test_a_poor_quality_video_says_to_film_again_and_why(
    client: HttpClient, video_dir: Path
) -> None:
    poor = make_analysed_video(
        client=make_client(), squats=replace(VALGUS_LEFT, visibility=0.2)
    )
    client.force_login(poor.client.coach)
    page = client.get(review_url(poor)).content.decode()
    assert "Not measured: the client should film again." in page
    assert "hidden or unclear" in page
    assert "Flags to confirm" not in page


def test_a_waiting_video_says_when_the_pose_model_is_missing(
    client: HttpClient, video_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone

    waiting = SquatVideo.objects.create(
        client=make_client(), view="front", uploaded_at=timezone.now()
    )
    monkeypatch.setattr(views, "pose_model_available", lambda: False)
    client.force_login(waiting.client.coach)
    page = client.get(review_url(waiting)).content.decode()
    assert (
        "The pose model is not available on this server: this video will not be measured until it is."
        in page
    )


def test_confirming_a_flag_prefills_the_next_assessment_form(
    client: HttpClient, video: SquatVideo
) -> None:
    client.force_login(video.client.coach)
    response = client.post(
        reverse("videos:flag", args=[video.pk]),
        {"code": "knee_valgus", "side": "left", "verdict": "confirmed"},
    )
    assert response.status_code == 302
    assert VideoFlagReview.objects.get().verdict == "confirmed"
    page = client.get(
        reverse("assessments:session-create", args=[video.client.pk])
    ).content.decode()
    assert 'name="knees_cave_left" id="id_knees_cave_left" checked' in page
    assert 'name="knees_cave_right" id="id_knees_cave_right" checked' not in page
    assert "From video, confirmed by the coach" in page
    assert review_url(video) in page


def test_a_rejected_flag_leaves_the_form_unticked(
    client: HttpClient, video: SquatVideo
) -> None:
    client.force_login(video.client.coach)
    client.post(
        reverse("videos:flag", args=[video.pk]),
        {"code": "knee_valgus", "side": "left", "verdict": "rejected"},
    )
    page = client.get(
        reverse("assessments:session-create", args=[video.client.pk])
    ).content.decode()
    assert 'id="id_knees_cave_left" checked' not in page
    assert "From video" not in page


@pytest.mark.parametrize(
    "data",
    [
        {"code": "knee_valgus", "side": "right", "verdict": "confirmed"},
        {"code": "knee_valgus", "side": "left", "verdict": "maybe"},
        {},
    ],
)
def test_a_bad_verdict_changes_nothing(
    client: HttpClient, video: SquatVideo, data: dict
) -> None:
    client.force_login(video.client.coach)
    assert client.post(reverse("videos:flag", args=[video.pk]), data).status_code == 302
    assert not VideoFlagReview.objects.exists()


def test_a_session_built_from_a_confirmed_flag_cites_the_video(
    client: HttpClient, video: SquatVideo
) -> None:
    from tests.factory import make_session

    coach = video.client.coach
    client.force_login(coach)
    client.post(
        reverse("videos:flag", args=[video.pk]),
        {"code": "knee_valgus", "side": "left", "verdict": "confirmed"},
    )
    session = make_session(client=video.client, knees_cave_left=True)
    page = client.get(
        reverse("assessments:session-detail", args=[session.pk])
    ).content.decode()
    assert "Evidence from squat video" in page
    assert "Left knee caves in" in page and review_url(video) in page


def test_finishing_the_review_deletes_the_clip(
    client: HttpClient,
    video: SquatVideo,
    video_dir: Path,
    django_capture_on_commit_callbacks,
) -> None:
    (video_dir / "videos").mkdir()
    (video_dir / "videos/c.mp4").write_bytes(b"clip")
    video.file.name = "videos/c.mp4"
    video.save()
    client.force_login(video.client.coach)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("videos:finish", args=[video.pk]))
    assert not (video_dir / "videos/c.mp4").exists()
    page = client.get(review_url(video)).content.decode()
    assert "The clip is deleted" in page and "<video" not in page


def test_the_clip_is_served_in_byte_ranges_to_the_coach(
    client: HttpClient, video: SquatVideo, video_dir: Path
) -> None:
    (video_dir / "videos").mkdir()
    (video_dir / "videos/c.mp4").write_bytes(bytes(range(100)))
    video.file.name = "videos/c.mp4"
    video.save()
    client.force_login(video.client.coach)
    url = reverse("videos:clip", args=[video.pk])
    whole = client.get(url)
    assert whole.status_code == 200 and whole.getvalue() == bytes(range(100))
    assert whole["Content-Type"] == "video/mp4" and "no-store" in whole["Cache-Control"]
    part = client.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == bytes(range(10, 20))
    assert part["Content-Range"] == "bytes 10-19/100"
    tail = client.get(url, headers={"Range": "bytes=-5"})
    assert tail.content == bytes(range(95, 100))
    assert client.get(url, headers={"Range": "bytes=200-"}).status_code == 416


def test_a_still_is_served_to_the_coach(
    client: HttpClient, video: SquatVideo, video_dir: Path
) -> None:
    (video_dir / "stills").mkdir()
    (video_dir / "stills/s.jpg").write_bytes(b"\xff\xd8jpeg")
    video.stills = [{"rep": 2, "t": 4.0, "name": "stills/s.jpg"}]
    video.save()
    client.force_login(video.client.coach)
    response = client.get(reverse("videos:still", args=[video.pk, 2]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(reverse("videos:still", args=[video.pk, 1])).status_code == 404
    page = client.get(review_url(video)).content.decode()
    assert 'alt="Bottom of rep 2, face blurred"' in page


@pytest.mark.parametrize("name", ["videos:review", "videos:clip"])
def test_another_coach_gets_404_and_a_client_403(
    client: HttpClient, video: SquatVideo, name: str
) -> None:
    client.force_login(make_coach())
    assert client.get(reverse(name, args=[video.pk])).status_code == 404
    client.force_login(make_client_user(client=video.client))
    assert client.get(reverse(name, args=[video.pk])).status_code == 403


def test_two_front_videos_compare_rep_by_rep_with_the_error_band(
    client: HttpClient, video: SquatVideo
) -> None:
    same = make_analysed_video(client=video.client)
    worse = make_analysed_video(
        client=video.client, squats=replace(VALGUS_LEFT, fppa_bottom=(26.0, 0.0))
    )
    client.force_login(video.client.coach)
    review = client.get(review_url(video)).content.decode()
    assert reverse("videos:compare", args=[video.pk, same.pk]) in review
    page = client.get(
        reverse("videos:compare", args=[video.pk, same.pk])
    ).content.decode()
    assert "A difference under 9 degrees is within measurement error" in page
    assert page.count("within error") >= 6 and "a real change" not in page
    page = client.get(
        reverse("videos:compare", args=[video.pk, worse.pk])
    ).content.decode()
    assert page.count("a real change") == 3  # the left knee, every rep


def test_videos_of_different_views_or_clients_do_not_compare(
    client: HttpClient, video: SquatVideo
) -> None:
    from tests.assessments.video.synthetic import Squats

    side = make_analysed_video(client=video.client, squats=Squats(view="side"))
    stranger = make_analysed_video(client=make_client(coach=video.client.coach))
    client.force_login(video.client.coach)
    assert (
        client.get(reverse("videos:compare", args=[video.pk, side.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("videos:compare", args=[video.pk, stranger.pk])).status_code
        == 404
    )


def test_the_review_page_issues_a_fixed_number_of_queries(
    client: HttpClient, video: SquatVideo, django_assert_max_num_queries
) -> None:
    client.force_login(video.client.coach)
    for _ in range(5):
        make_analysed_video(client=video.client)
    with django_assert_max_num_queries(6):
        assert client.get(review_url(video)).status_code == 200


def test_an_open_range_is_answered_a_chunk_at_a_time(
    client: HttpClient,
    video: SquatVideo,
    video_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "RANGE_CHUNK_BYTES", 30)
    (video_dir / "videos").mkdir()
    (video_dir / "videos/c.mp4").write_bytes(bytes(range(100)))
    video.file.name = "videos/c.mp4"
    video.save()
    client.force_login(video.client.coach)
    part = client.get(
        reverse("videos:clip", args=[video.pk]), headers={"Range": "bytes=50-"}
    )
    assert part.status_code == 206 and part.content == bytes(range(50, 80))
    assert part["Content-Range"] == "bytes 50-79/100"


def test_side_videos_compare_without_a_borrowed_error_band(
    client: HttpClient, video_dir: Path
) -> None:
    from tests.assessments.video.synthetic import Squats

    athlete = make_client()
    first = make_analysed_video(
        client=athlete, squats=Squats(view="side", trunk_deg=40.0)
    )
    second = make_analysed_video(
        client=athlete, squats=Squats(view="side", trunk_deg=70.0)
    )
    client.force_login(athlete.coach)
    page = client.get(
        reverse("videos:compare", args=[first.pk, second.pk])
    ).content.decode()
    assert "No published measurement error is known for this side-view angle" in page
    assert "Trunk beyond shin" in page
    assert "within error" not in page and "a real change" not in page

"""Writes about squat videos: upload, analysis, the coach's review, deletion and purge.

The only bridge from the SquatVideo rows to the pure analysis. Files are
removed from storage only after the transaction that records it commits, so
a rolled-back write never leaves a row pointing at a deleted file.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assessments.video.analysis import analyse_squat, analysis_to_json
from assessments.video.landmarks import LandmarksError, parse_landmarks
from assessments.video.model import (
    UNAVAILABLE,
    PoseModelUnavailable,
    VideoUnreadable,
    landmarks_from_video,
)
from assessments.video.models import SquatVideo, VideoFlagReview, video_storage
from assessments.video.upload import VideoFacts
from clients.models import Client, User
from clients.page_cache import touch_clients

logger = logging.getLogger(__name__)

# The squat flags of the assessment form each confirmed video flag ticks.
FLAG_FIELDS: dict[tuple[str, str], str] = {
    ("knee_valgus", "left"): "knees_cave_left",
    ("knee_valgus", "right"): "knees_cave_right",
    ("heel_rise", "left"): "heels_rise",
    ("heel_rise", "right"): "heels_rise",
    ("forward_lean", "left"): "forward_lean",
    ("forward_lean", "right"): "forward_lean",
}
FAILED_UNREADABLE = "The video could not be read. Ask the client to film it again."


def _delete_file_after_commit(storage: Storage, name: str | None) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@contextmanager
def local_copy(storage: Storage, name: str | None) -> Iterator[str]:
    """A path on this machine for a stored file: its own path on disk, or a temporary copy."""
    if not name:
        raise FileNotFoundError("No stored file (the clip was deleted).")
    try:
        yield storage.path(name)
        return
    except NotImplementedError:  # an object store: fetch it
        pass
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / Path(name).name
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                copy.write(chunk)
        yield str(target)


# --- Upload -------------------------------------------------------------------------


@transaction.atomic
def squat_video_upload(
    *,
    client: Client,
    view: str,
    upload: UploadedFile,
    facts: VideoFacts,
    now: datetime | None = None,
) -> SquatVideo:
    """Store a checked clip and queue its analysis for the worker."""
    from assessments.video.tasks import analyse_squat_video, purge_squat_videos

    video = SquatVideo(
        client=client,
        view=view,
        extension=facts.container,
        size_bytes=upload.size or 0,
        duration_s=facts.duration_s,
        uploaded_at=now or timezone.now(),
    )
    video.file.save(f"squat.{facts.container}", upload, save=False)
    video.full_clean()
    video.save()
    touch_clients([client.pk])
    video_id = video.pk
    transaction.on_commit(lambda: analyse_squat_video.enqueue(video_id=video_id))
    # Uploads are when the worker is busy with videos anyway: clear the clips that are due.
    transaction.on_commit(purge_squat_videos.enqueue)
    return video


# --- Analysis (in the worker) ----------------------------------------------------------


def video_landmarks(video: SquatVideo) -> dict[str, Any]:
    """The landmarks document of a stored clip, from the bundled pose model.

    Tests that need a given analysis without the model replace this function
    (monkeypatch) with one returning a synthetic document.
    """
    with local_copy(video.file.storage, video.file.name) as path:
        return landmarks_from_video(path=path, view=video.view)


def _set_state(video_id: int, **fields: Any) -> SquatVideo:
    with transaction.atomic():
        video = SquatVideo.objects.select_for_update().get(pk=video_id)
        for name, value in fields.items():
            setattr(video, name, value)
        video.save(update_fields=list(fields))
        touch_clients([video.client_id])
    return video


def squat_video_analyse(*, video_id: int, now: datetime | None = None) -> SquatVideo:
    """Landmarks, then the pure analysis, stored on the video; the state says how it went.

    Not one transaction: the model takes seconds, and the client and coach
    should see "being analysed" meanwhile.
    """
    video = _set_state(video_id, state=SquatVideo.State.ANALYSING, error="")
    if not video.has_file:
        return _set_state(
            video_id,
            state=SquatVideo.State.FAILED,
            error="The clip was deleted before it could be analysed.",
        )
    try:
        document = video_landmarks(video)
        analysis = analysis_to_json(analyse_squat(document=parse_landmarks(document)))
    except PoseModelUnavailable:
        return _set_state(video_id, state=SquatVideo.State.FAILED, error=UNAVAILABLE)
    except (VideoUnreadable, LandmarksError):
        return _set_state(
            video_id, state=SquatVideo.State.FAILED, error=FAILED_UNREADABLE
        )
    ok = bool(analysis["quality"]["ok"])
    stills: list[dict[str, Any]] = []
    if ok:
        from assessments.video.stills import flagged_rep_stills

        try:
            stills = flagged_rep_stills(
                video=video, document=document, analysis=analysis
            )
        except Exception:  # a still is a nicety: the analysis stands without it
            logger.exception("squat video %s: stills failed", video_id)
    return _set_state(
        video_id,
        state=SquatVideo.State.DONE if ok else SquatVideo.State.POOR_QUALITY,
        landmarks=document,
        analysis=analysis,
        stills=stills,
        analysed_at=now or timezone.now(),
    )


# --- The coach's review --------------------------------------------------------------


class NoSuchFlag(ValueError):
    pass


def video_flags(video: SquatVideo) -> list[dict[str, Any]]:
    """The video's top-level flags (empty when not analysed or poor quality)."""
    if not video.analysis:
        return []
    return list(video.analysis.get("flags", []))


@transaction.atomic
def squat_video_flag_review(
    *,
    video: SquatVideo,
    code: str,
    side: str,
    verdict: str,
    user: User,
    now: datetime | None = None,
) -> VideoFlagReview:
    """Confirm or reject one flag of the video (changing a verdict replaces it)."""
    if not any(
        flag["code"] == code and flag["side"] == side for flag in video_flags(video)
    ):
        raise NoSuchFlag(f"{code} {side}")
    review, _ = VideoFlagReview.objects.update_or_create(
        video=video,
        code=code,
        side=side,
        defaults={
            "verdict": verdict,
            "decided_at": now or timezone.now(),
            "decided_by": user,
        },
    )
    review.full_clean()
    touch_clients([video.client_id])
    return review


def _drop_clip(video: SquatVideo, *, because: str, now: datetime) -> None:
    if video.file_deleted_at is None:
        _delete_file_after_commit(video.file.storage, video.file.name)
        video.file = ""
        video.file_deleted_at = now
        video.file_deleted_because = because


@transaction.atomic
def squat_video_review_finish(
    *, video: SquatVideo, user: User, now: datetime | None = None
) -> SquatVideo:
    """The coach has seen it: the raw clip is deleted; landmarks, analysis and stills stay."""
    now = now or timezone.now()
    video = SquatVideo.objects.select_for_update().get(pk=video.pk)
    video.reviewed_at = video.reviewed_at or now
    video.reviewed_by = video.reviewed_by or user
    _drop_clip(video, because="reviewed", now=now)
    video.save()
    touch_clients([video.client_id])
    return video


# --- Deletion ------------------------------------------------------------------------


@transaction.atomic
def squat_video_delete(*, video: SquatVideo) -> None:
    """The client deletes their video: the clip, the stills and every result of it."""
    storage = video_storage()
    if video.file and video.file_deleted_at is None:
        _delete_file_after_commit(storage, video.file.name)
    for still in video.stills:
        _delete_file_after_commit(storage, still.get("name", ""))
    client_id = video.client_id
    video.delete()
    touch_clients([client_id])


def squat_videos_due(*, now: datetime) -> Any:
    """Videos whose clip should be gone: reviewed, or older than the keep period."""
    from django.db.models import Q

    cutoff = now - timedelta(days=settings.SQUAT_VIDEO_KEEP_DAYS)
    return SquatVideo.objects.filter(file_deleted_at__isnull=True).filter(
        Q(reviewed_at__isnull=False) | Q(uploaded_at__lte=cutoff)
    )


def squat_videos_purge(*, now: datetime | None = None) -> int:
    """Delete the raw clips that are due; the number deleted. Each in its own transaction."""
    now = now or timezone.now()
    count = 0
    for video_id in list(squat_videos_due(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            video = SquatVideo.objects.select_for_update().get(pk=video_id)
            if video.file_deleted_at is not None:
                continue
            because = "reviewed" if video.reviewed_at else "expired"
            _drop_clip(video, because=because, now=now)
            video.save()
            touch_clients([video.client_id])
            count += 1
    return count


# --- What the next assessment takes from video -----------------------------------------------


@dataclass(frozen=True, slots=True)
class VideoEvidence:
    field: str
    code: str
    side: str
    video: SquatVideo
    decided_at: datetime

    @property
    def label(self) -> str:
        """The assessment field's words ("left knee caves in")."""
        from assessments.models import AssessmentSession

        field = AssessmentSession._meta.get_field(self.field)
        return str(getattr(field, "verbose_name", self.field))


def _evidence(reviews: Any) -> list[VideoEvidence]:
    by_field: dict[str, VideoEvidence] = {}
    for review in reviews.select_related("video").order_by("decided_at", "id"):
        field = FLAG_FIELDS.get((review.code, review.side))
        if field:  # the latest verdict on a field wins
            by_field[field] = VideoEvidence(
                field, review.code, review.side, review.video, review.decided_at
            )
    return list(by_field.values())


def _confirmed(client: Client) -> Any:
    return VideoFlagReview.objects.filter(
        video__client=client, verdict=VideoFlagReview.Verdict.CONFIRMED
    )


def video_prefill(*, client: Client) -> list[VideoEvidence]:
    """Flags confirmed since the client's last assessment was started: they tick the new form.

    One query: a confirmation counts while no session was started after it.
    """
    from assessments.models import AssessmentSession

    later_session = AssessmentSession.objects.filter(
        client=client, created_at__gte=OuterRef("decided_at")
    )
    return _evidence(_confirmed(client).filter(~Exists(later_session)))


def session_video_evidence(*, session: Any) -> list[VideoEvidence]:
    """The confirmed video flags a session took (ticked on it, confirmed before it was started
    and after the session before it). One query."""
    from assessments.models import AssessmentSession

    between = AssessmentSession.objects.filter(
        client_id=session.client_id,
        created_at__gte=OuterRef("decided_at"),
        created_at__lt=session.created_at,
    )
    reviews = (
        _confirmed(session.client)
        .filter(decided_at__lte=session.created_at)
        .filter(~Exists(between))
    )
    return [item for item in _evidence(reviews) if getattr(session, item.field, False)]

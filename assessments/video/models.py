"""A client's squat video, its analysis, and the coach's word on each flag.

Registered by the last line of assessments/models.py. The raw clip lives in the
private storage (never under the public media URL) until the coach has
reviewed it or SQUAT_VIDEO_KEEP_DAYS have passed; the landmarks, the analysis
and the blurred stills stay.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from clients.models import Client

STORAGE_ALIAS = "squat_videos"


class _PrivateStorage(LazyObject):
    """storages["squat_videos"], looked up again after a settings change (as default_storage is)."""

    _wrapped: object  # the Storage once set up, `empty` until then

    def _setup(self) -> None:
        self._wrapped = storages[STORAGE_ALIAS]


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _forget_storage(*, setting: str, **kwargs: object) -> None:
    if setting in ("STORAGES", "MEDIA_ROOT"):
        private_storage._wrapped = empty


def video_storage() -> Storage:
    # A callable, so the migration does not freeze one storage.
    return cast(Storage, private_storage)  # a lazy proxy of that Storage


def video_path(instance: SquatVideo, filename: str) -> str:
    # Never the phone's file name (it can hold a name or a date); a random one.
    return f"videos/{uuid.uuid4().hex}.{instance.extension or 'mp4'}"


def still_path(instance: SquatVideo, filename: str) -> str:
    return f"stills/{uuid.uuid4().hex}.jpg"


class SquatVideo(models.Model):
    class View(models.TextChoices):
        FRONT = "front", "Front"
        SIDE = "side", "Side"

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for analysis"
        ANALYSING = "analysing", "Being analysed"
        DONE = "done", "Analysed"
        FAILED = "failed", "Could not be analysed"
        POOR_QUALITY = "poor_quality", "Needs filming again"

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="squat_videos"
    )
    view = models.CharField(max_length=5, choices=View.choices)
    file = models.FileField(
        upload_to=video_path, storage=video_storage, blank=True, max_length=200
    )
    extension = models.CharField(max_length=5, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    duration_s = models.FloatField(default=0)
    uploaded_at = models.DateTimeField()
    state = models.CharField(
        max_length=12, choices=State.choices, default=State.UPLOADED
    )
    landmarks = models.JSONField(null=True, blank=True)
    analysis = models.JSONField(null=True, blank=True)
    # Face-blurred stills of the bottom of each flagged rep: [{"rep": 1, "name": "stills/..."}].
    stills = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=300, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_deleted_at = models.DateTimeField(null=True, blank=True)
    # Why the clip went: "reviewed", "expired", "client", "erased".
    file_deleted_because = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(
                fields=["client", "-uploaded_at"], name="squatvideo_client_idx"
            ),
            models.Index(
                fields=["file_deleted_at", "uploaded_at"], name="squatvideo_purge_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(view__in=["front", "side"]), name="squatvideo_view_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "uploaded",
                        "analysing",
                        "done",
                        "failed",
                        "poor_quality",
                    ]
                ),
                name="squatvideo_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.get_view_display()} squat video {self.uploaded_at:%d %b %Y}"

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.file_deleted_at is None

    @property
    def is_analysed(self) -> bool:
        return self.state in (self.State.DONE, self.State.POOR_QUALITY)


class VideoFlagReview(models.Model):
    """The coach's confirmation or rejection of one flag (code and side) of a video."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    video = models.ForeignKey(
        SquatVideo, on_delete=models.CASCADE, related_name="flag_reviews"
    )
    code = models.CharField(max_length=20)
    side = models.CharField(max_length=5)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["video", "code", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["video", "code", "side"], name="videoflagreview_one_per_flag"
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=["confirmed", "rejected"]),
                name="videoflagreview_verdict_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.side}: {self.verdict}"

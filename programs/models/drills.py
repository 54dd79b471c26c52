"""The drill library: drills (rungs of ladders) and the history of their edits."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class Region(models.TextChoices):
    ANKLE = "ankle", "Ankle"
    FOOT = "foot", "Foot"
    KNEE = "knee", "Knee"
    HIP = "hip", "Hip"
    TRUNK = "trunk", "Trunk"
    WHOLE_BODY = "whole_body", "Whole body"


class Purpose(models.TextChoices):
    MOBILITY = "mobility", "Mobility"
    ACTIVATION = "activation", "Activation"
    CONTROL = "control", "Control"
    STRENGTH = "strength", "Strength"


class Side(models.TextChoices):
    LEFT = "left", "Left leg only"
    RIGHT = "right", "Right leg only"
    BOTH = "both", "Each side"


class DrillQuerySet(models.QuerySet["Drill"]):
    def shared(self) -> DrillQuerySet:
        return self.filter(owner__isnull=True)

    def available(self) -> DrillQuerySet:
        return self.filter(retired_at__isnull=True)


class Drill(models.Model):
    """One rung of a ladder in the drill library."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    ladder = models.CharField(
        max_length=40, db_index=True, help_text="Ladder key, e.g. 'ankle'."
    )
    rung = models.PositiveSmallIntegerField(
        default=1, help_text="1 is the easiest rung of its ladder."
    )
    next_rung = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="previous_rung",
    )
    region = models.CharField(max_length=12, choices=Region.choices)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    loaded = models.BooleanField(
        default=False, help_text="External load (dumbbell, barbell, weighted)."
    )
    sets = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    tempo = models.CharField(max_length=20, blank=True)
    per_side = models.BooleanField(default=False)
    cues = models.JSONField(default=list, blank=True)
    # Words for people ("skip it while the front of the knee is irritable") ...
    contraindications = models.JSONField(default=list, blank=True)
    # ... and the codes the engine applies (CLINICAL.md section 9).
    contraindication_codes = models.JSONField(default=list, blank=True)
    max_pain = models.PositiveSmallIntegerField(
        "pain ceiling",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
        help_text="Not given when the session's knee pain is above this (0-10).",
    )
    finding_codes = models.JSONField(default=list, blank=True)
    instructions = models.TextField()
    media_url = models.URLField(blank=True)
    image = models.ImageField(upload_to="drills/images/", blank=True)
    video = models.FileField(upload_to="drills/videos/", blank=True)
    media_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        help_text="What the picture shows, for clients who cannot see it.",
    )
    video_poster = models.ImageField(
        "video poster", upload_to="drills/posters/", blank=True
    )
    video_captions = models.FileField(
        "video captions", upload_to="drills/captions/", blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="private_drills",
        help_text="Set for a coach's private drill; empty for the shared library.",
    )
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="Retired drills stay in old programs only."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DrillQuerySet.as_manager()

    class Meta:
        ordering = ["ladder", "rung", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reps__isnull=False) | Q(seconds__isnull=False),
                name="drill_dose_has_reps_or_seconds",
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1) & Q(sets__lte=10), name="drill_sets_range"
            ),
            models.CheckConstraint(
                condition=Q(region__in=Region.values), name="drill_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="drill_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(max_pain__isnull=True) | Q(max_pain__lte=10),
                name="drill_max_pain_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DrillRevision(models.Model):
    """One save of a drill: who, when, and each changed field's value before and after."""

    class Source(models.TextChoices):
        ADMIN = "admin", "Admin"
        LIBRARY_FILE = "library_file", "Library file"
        COACH = "coach", "Coach"

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="revisions")
    # Empty when the library file wrote the change (load_drill_library).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    created = models.BooleanField(
        default=False, help_text="The save that created the drill."
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(
        default=dict,
        blank=True,
        help_text="{field: [before, after]} for every changed field.",
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(
                fields=["drill", "-changed_at"], name="drillrevision_drill_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.drill} changed {self.changed_at:%d %b %Y %H:%M}"

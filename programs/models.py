from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from assessments.models import AssessmentSession
from clients.models import Client


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


class LibraryStamp(TypedDict):
    library: str


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # A client read with `.annotate(library=library_stamp())`.
    StampedClient = WithAnnotations[Client, LibraryStamp]


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


class Program(models.Model):
    """A client's phased progression, generated from a session and edited by the coach."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="programs"
    )
    source_session = models.ForeignKey(
        AssessmentSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
    )
    previous_program = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_programs",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Optimistic locking: every edit sends the version it saw; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    refer_out = models.BooleanField(default=False)
    findings = models.JSONField(
        default=list, blank=True, help_text="Findings snapshot with evidence."
    )
    changes = models.JSONField(
        default=list, blank=True, help_text="Change table against the previous session."
    )
    # The phase the client is in now: it moves on only when the coach accepts a
    # re-assessment that found its exit criteria met, or moves the client on with a
    # written reason (CLINICAL.md section 11), never by the calendar.
    current_phase = models.PositiveSmallIntegerField(default=1)
    phase_started_on = models.DateField(
        null=True, blank=True, help_text="Empty: the day the program was published."
    )
    phase_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="The coach's reason for moving the client on before the criteria were met.",
    )
    # What the engine said when it built this program (contract version 2).
    engine_status = models.CharField(max_length=10, blank=True)
    skipped = models.JSONField(
        default=list,
        blank=True,
        help_text="Drills the engine would have given but excluded, with the reason.",
    )
    unaddressed = models.JSONField(
        default=list,
        blank=True,
        help_text="Finding codes left with no allowed drill.",
    )
    # A re-assessment's proposal: the drills it drops and why, and the verdict on
    # the phase the client was in (each exit criterion met, not yet or not measured).
    proposal = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "status"], name="program_client_status_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "archived"]),
                name="program_status_valid",
            ),
            # At most one published program per client: the one the client sees.
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="published"),
                name="program_one_published_per_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} · program {self.created_at:%d %b %Y} ({self.get_status_display()})"


class Phase(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="phases"
    )
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    weeks = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(26)]
    )
    goal = models.CharField(max_length=200, blank=True)
    exit_criteria = models.JSONField(default=list, blank=True)

    # Moves on every write: read-side ETag stamps (clients/views/etag.py) depend on it.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="phase_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Phase {self.number}: {self.name}"


class Prescription(models.Model):
    """A drill in a phase with its own dose snapshot and the findings it answers."""

    class Move(models.TextChoices):
        UP = "up", "One rung up"
        HOLD = "hold", "Hold"
        DOWN = "down", "One rung down"

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="prescriptions"
    )
    drill = models.ForeignKey(
        Drill, on_delete=models.PROTECT, related_name="prescriptions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    sets = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    tempo = models.CharField(max_length=20, blank=True)
    reasons = models.JSONField(
        default=list, blank=True, help_text="Finding codes this drill answers."
    )
    move = models.CharField(max_length=4, choices=Move.choices, blank=True)
    move_reason = models.CharField(max_length=300, blank=True)
    # Set when the coach added a drill the client's contraindications exclude.
    override_reason = models.CharField(max_length=300, blank=True)

    # Moves on every write: read-side ETag stamps (clients/views/etag.py) depend on it.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phase", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reps__isnull=False) | Q(seconds__isnull=False),
                name="prescription_dose_has_reps_or_seconds",
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1) & Q(sets__lte=10),
                name="prescription_sets_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drill} ({self.get_side_display() or 'no side'})"


class Completion(models.Model):
    """A client marking a prescribed drill done on a day."""

    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="completions"
    )
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="completions"
    )
    on_date = models.DateField()
    done = models.BooleanField(default=True)
    # The drill actually done, when an automatic step down showed an easier one.
    drill = models.ForeignKey(
        Drill, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Pain during the drill, and how the knee felt the next day (0-10).
    pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    pain_next_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Moves on every write: read-side ETag stamps (clients/views/etag.py) depend on it.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-on_date", "-id"]
        indexes = [
            models.Index(
                fields=["client", "on_date"], name="completion_client_date_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["prescription", "on_date"], name="completion_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | Q(pain__lte=10),
                name="completion_pain_range",
            ),
            models.CheckConstraint(
                condition=Q(pain_next_day__isnull=True) | Q(pain_next_day__lte=10),
                name="completion_pain_next_day_range",
            ),
        ]

    def __str__(self) -> str:
        state = "done" if self.done else "not done"
        return f"{self.prescription_id} on {self.on_date}: {state}"


class PainReport(models.Model):
    """The client's pain rating for a training day, with an optional note."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="pain_reports"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_date = models.DateField()
    pain = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-on_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "on_date"], name="painreport_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(pain__lte=10), name="painreport_pain_range"
            ),
        ]
        indexes = [
            models.Index(
                fields=["client", "-on_date"], name="painreport_client_date_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} on {self.on_date}: pain {self.pain}/10"


class PainAlert(models.Model):
    """Pain the coach must see (CLINICAL.md section 10), at the top of the home page until reviewed."""

    class Level(models.TextChoices):
        STEP_DOWN = "step_down", "Easier drill from the next training day"
        STOP = "stop", "Stop: pain of 7/10 or more"

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="pain_alerts"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prescription = models.ForeignKey(
        Prescription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pain_alerts",
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    on_date = models.DateField()
    pain_during = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    pain_next_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Moves on every write: read-side ETag stamps (clients/views/etag.py) depend on it.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["client", "reviewed_at"], name="painalert_client_open_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_level_display()} on {self.on_date}"


class StepDown(models.Model):
    """A ladder moved one rung down in the live plan because of logged pain (CLINICAL.md section 10).

    From `starts_on` the client sees `drill` (the rung below) in place of the
    prescription's drill, until the coach undoes it or a new program replaces this one.
    """

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="step_downs"
    )
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="step_downs"
    )
    drill = models.ForeignKey(Drill, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    reason = models.CharField(max_length=300)
    alert = models.ForeignKey(
        PainAlert, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Moves on every write: read-side ETag stamps (clients/views/etag.py) depend on it.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "undone_at"], name="stepdown_client_idx")
        ]

    def __str__(self) -> str:
        return f"{self.prescription_id} stepped down to {self.drill_id} from {self.starts_on}"

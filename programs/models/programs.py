"""A client's program: its phases and the prescriptions (drill and dose) in each."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from assessments.models import AssessmentSession
from clients.models import Client
from programs.models.drills import Drill, Side


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

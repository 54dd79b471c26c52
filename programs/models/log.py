"""What the client logs on the phone (drills done, pain) and what pain sets off (alerts, step downs)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from clients.models import Client
from programs.models.drills import Drill
from programs.models.programs import Prescription, Program


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

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from clients.models import Client

KTW_CM_MAX = 30
KTW_DEG_MAX = 90
STANCE_S_MAX = 600
DYNAMOMETER_MAX = 1000
BODY_MASS_MIN = 20
BODY_MASS_MAX = 300
KUJALA_MAX = 100


def cm_field(label: str) -> models.FloatField:
    return models.FloatField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(KTW_CM_MAX)],
    )


def deg_field(label: str) -> models.FloatField:
    return models.FloatField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(KTW_DEG_MAX)],
    )


def seconds_field(label: str) -> models.FloatField:
    return models.FloatField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(STANCE_S_MAX)],
    )


def grade_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MaxValueValidator(5)]
    )


def dynamometer_field(label: str) -> models.FloatField:
    return models.FloatField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(DYNAMOMETER_MAX)],
    )


def range_check(field: str, low: float, high: float) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | (Q(**{f"{field}__gte": low}) & Q(**{f"{field}__lte": high})),
        name=f"session_{field}_range",
    )


class AssessmentSessionQuerySet(models.QuerySet["AssessmentSession"]):
    def for_coach(self, coach: object) -> AssessmentSessionQuerySet:
        return self.filter(client__coach=coach)

    def current(self) -> AssessmentSessionQuerySet:
        """Sessions that have not been replaced by an amendment."""
        return self.filter(superseded_at__isnull=True)


class AssessmentSession(models.Model):
    """One assessment: every measurement of DESIGN.md, draft until finalised."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    class Method(models.TextChoices):
        TAPE = "tape", "Tape (cm to wall)"
        INCLINOMETER = "inclinometer", "Inclinometer (degrees)"

    class Footwear(models.TextChoices):
        BAREFOOT = "barefoot", "Barefoot"
        SHOES = "shoes", "Shoes"

    class DynamometerUnit(models.TextChoices):
        NEWTON = "N", "N (newtons)"
        KILOGRAM = "kg", "kg"

    class RedFlag(models.TextChoices):
        TRAUMA = "trauma", "Recent trauma"
        SWELLING = "swelling", "Swelling"
        LOCKING = "locking", "Locking"
        GIVING_WAY = "giving_way", "Giving way"
        NIGHT_PAIN = "night_pain", "Night or rest pain"
        NUMBNESS = "numbness", "Numbness or tingling"

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="sessions"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    notes = models.TextField(blank=True)

    # Knee-to-wall (weight-bearing lunge) test, stored in cm.
    ktw_left_cm = cm_field("left knee-to-wall (cm)")
    ktw_right_cm = cm_field("right knee-to-wall (cm)")
    ktw_left_deg = deg_field("left tibial angle (degrees)")
    ktw_right_deg = deg_field("right tibial angle (degrees)")
    ktw_method = models.CharField(
        "method", max_length=15, choices=Method.choices, default=Method.TAPE
    )
    ktw_footwear = models.CharField(
        "footwear", max_length=10, choices=Footwear.choices, default=Footwear.BAREFOOT
    )
    # The unit the coach typed the distances in: pages show them in it again
    # (with cm beside), while the findings always work in cm.
    ktw_unit = models.CharField(
        "knee-to-wall unit typed",
        max_length=2,
        choices=[("cm", "cm"), ("in", "inches")],
        default="cm",
    )

    # Overhead/bodyweight squat observations.
    heels_rise = models.BooleanField("heels come off the floor", default=False)
    knees_cave_left = models.BooleanField("left knee caves in", default=False)
    knees_cave_right = models.BooleanField("right knee caves in", default=False)
    arch_collapse_left = models.BooleanField("left arch collapses", default=False)
    arch_collapse_right = models.BooleanField("right arch collapses", default=False)
    forward_lean = models.BooleanField("chest drops / forward lean", default=False)
    feet_turn_out = models.BooleanField("feet turn out", default=False)
    low_back_arch = models.BooleanField("low back arches", default=False)
    anterior_knee_pain = models.BooleanField(
        "pressure or pinch at the front of the knee", default=False
    )

    # Hip control and glute strength.
    stance_left_s = seconds_field("left single-leg stance (s)")
    stance_right_s = seconds_field("right single-leg stance (s)")
    step_down_valgus_left = models.BooleanField(
        "left knee dives in on step-down", default=False
    )
    step_down_valgus_right = models.BooleanField(
        "right knee dives in on step-down", default=False
    )
    abduction_mmt_left = grade_field("left hip abduction grade (0-5)")
    abduction_mmt_right = grade_field("right hip abduction grade (0-5)")
    abduction_dyn_left = dynamometer_field("left hip abduction dynamometer")
    abduction_dyn_right = dynamometer_field("right hip abduction dynamometer")
    # The unit the dynamometer readings were taken in: readings in different
    # units are never compared (CLINICAL.md section 12).
    abduction_dyn_unit = models.CharField(
        "dynamometer unit", max_length=2, choices=DynamometerUnit.choices, blank=True
    )
    body_mass_kg = models.FloatField(
        "body mass (kg)",
        null=True,
        blank=True,
        validators=[MinValueValidator(BODY_MASS_MIN), MaxValueValidator(BODY_MASS_MAX)],
    )
    quad_dominant = models.BooleanField("feels quads more than glutes", default=False)
    glute_notes = models.TextField("glute strength notes", blank=True, max_length=2000)

    knee_pain_nrs = models.PositiveSmallIntegerField(
        "knee pain (0-10)", null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    red_flags = models.JSONField(default=list, blank=True)
    # Anterior Knee Pain Scale (Kujala), optional: only the total is kept.
    kujala_score = models.PositiveSmallIntegerField(
        "Anterior Knee Pain Scale (0-100)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(KUJALA_MAX)],
    )

    # What the engine said when the session was last saved (for lists and the dashboard).
    refer_out = models.BooleanField(default=False)
    finding_codes = models.JSONField(default=list, blank=True)

    # A final session is read-only; a correction is a new session that amends it.
    amends = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment",
    )
    amendment_reason = models.CharField(max_length=300, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(
                fields=["client", "-assessed_on", "-id"], name="session_client_date_idx"
            ),
            models.Index(fields=["coach", "status"], name="session_coach_status_idx"),
        ]
        constraints = [
            range_check("ktw_left_cm", 0, KTW_CM_MAX),
            range_check("ktw_right_cm", 0, KTW_CM_MAX),
            range_check("ktw_left_deg", 0, KTW_DEG_MAX),
            range_check("ktw_right_deg", 0, KTW_DEG_MAX),
            range_check("stance_left_s", 0, STANCE_S_MAX),
            range_check("stance_right_s", 0, STANCE_S_MAX),
            range_check("abduction_mmt_left", 0, 5),
            range_check("abduction_mmt_right", 0, 5),
            range_check("abduction_dyn_left", 0, DYNAMOMETER_MAX),
            range_check("abduction_dyn_right", 0, DYNAMOMETER_MAX),
            range_check("knee_pain_nrs", 0, 10),
            range_check("body_mass_kg", BODY_MASS_MIN, BODY_MASS_MAX),
            range_check("kujala_score", 0, KUJALA_MAX),
            models.CheckConstraint(
                condition=Q(abduction_dyn_unit__in=["", "N", "kg"]),
                name="session_abduction_dyn_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "final"]), name="session_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ktw_method__in=["tape", "inclinometer"]),
                name="session_ktw_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(ktw_footwear__in=["barefoot", "shoes"]),
                name="session_ktw_footwear_valid",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.client} · {self.assessed_on:%d %b %Y} ({self.get_status_display()})"
        )

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def clean(self) -> None:
        errors: dict[str, str] = {}
        valid = set(self.RedFlag.values)
        if not isinstance(self.red_flags, list) or any(
            flag not in valid for flag in self.red_flags
        ):
            errors["red_flags"] = "Choose red flags from the list."
        has_reading = (
            self.abduction_dyn_left is not None or self.abduction_dyn_right is not None
        )
        if has_reading and not self.abduction_dyn_unit:
            errors["abduction_dyn_unit"] = (
                "Choose the unit of the dynamometer readings: N or kg."
            )
        if errors:
            raise ValidationError(errors)


class ReferralQuerySet(models.QuerySet["Referral"]):
    def open(self) -> ReferralQuerySet:
        return self.filter(closed_at__isnull=True)


class Referral(models.Model):
    """A client sent to a clinician (CLINICAL.md section 8): no programming until it is closed.

    Opened by a final session with red flags (or knee pain of 7/10 or more), or by the
    client reporting red-flag symptoms on the phone. Closed by a clinician's clearance,
    by the coach's written override, or by a later session without red flags.
    """

    class Source(models.TextChoices):
        SESSION = "session", "Assessment"
        CLIENT_REPORT = "client_report", "Reported by the client"

    class Outcome(models.TextChoices):
        CLEARED = "cleared", "Cleared by a clinician"
        OVERRIDDEN = "overridden", "Overridden by the coach"
        RESOLVED = "resolved", "A later assessment found no red flags"

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="referrals"
    )
    session = models.ForeignKey(
        AssessmentSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="The session that found the red flags (empty for a client's report).",
    )
    source = models.CharField(max_length=15, choices=Source.choices)
    red_flags = models.JSONField(default=list, blank=True)
    knee_pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    client_note = models.CharField(max_length=500, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)

    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A clearance: when, by whom (free text), the restriction codes it adds.
    cleared_on = models.DateField(null=True, blank=True)
    cleared_by = models.CharField(max_length=200, blank=True)
    restrictions = models.JSONField(default=list, blank=True)
    # The clearance note, or the coach's written reason for an override.
    closing_note = models.TextField(blank=True, max_length=2000)
    resolving_session = models.ForeignKey(
        AssessmentSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(
                fields=["client", "closed_at"], name="referral_client_open_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["session", "client_report"]),
                name="referral_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", closed_at__isnull=True)
                | (~Q(outcome="") & Q(closed_at__isnull=False)),
                name="referral_outcome_when_closed",
            ),
        ]

    def __str__(self) -> str:
        state = self.get_outcome_display() if self.outcome else "open"
        return f"{self.client} referred {self.opened_at:%d %b %Y} ({state})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def reasons(self) -> list[str]:
        """What prompted the referral, in plain words."""
        labels = dict(AssessmentSession.RedFlag.choices)
        words = [labels.get(flag, flag).lower() for flag in self.red_flags]
        if self.knee_pain is not None and self.knee_pain >= 7:
            words.append(f"knee pain {self.knee_pain}/10")
        return words

    @property
    def restriction_words(self) -> list[str]:
        from assessments.core.types import CONTRAINDICATIONS

        return [CONTRAINDICATIONS.get(code, code) for code in self.restrictions]


from assessments.video.models import SquatVideo, VideoFlagReview  # noqa: E402, F401

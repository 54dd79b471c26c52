from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from clients.page_cache import new_version
from clients.schedule import clean_days, days_words, default_training_days


class User(AbstractUser):
    """Everyone who signs in: coaches, clients and library editors."""

    class Role(models.TextChoices):
        COACH = "coach", "Coach"
        CLIENT = "client", "Client"
        LIBRARY_EDITOR = "library_editor", "Library editor"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COACH)
    use_private_drills = models.BooleanField(
        "use my private drills when generating programs",
        default=False,
        help_text="Off: generated programs use the shared library only.",
    )

    @property
    def is_coach(self) -> bool:
        return self.role == self.Role.COACH

    @property
    def is_client(self) -> bool:
        return self.role == self.Role.CLIENT

    @property
    def is_library_editor(self) -> bool:
        return self.role == self.Role.LIBRARY_EDITOR or self.is_superuser


class ClientQuerySet(models.QuerySet["Client"]):
    def for_coach(self, coach: User) -> ClientQuerySet:
        return self.filter(coach=coach)

    def active(self) -> ClientQuerySet:
        return self.filter(archived_at__isnull=True)


# A phone number as people write it: digits with spaces, dashes, dots or
# brackets, an optional leading +; 6 to 15 digits (E.164 allows 15).
phone_validator = RegexValidator(
    r"^\+?(?:[\s().-]*\d){6,15}[\s().-]*$",
    "Enter a phone number of 6 to 15 digits, for example +44 7700 900123.",
)


class Client(models.Model):
    """A person a coach assesses and programs for."""

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coached_clients",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_profile",
        help_text="The client's own sign-in, created when a personal link is first issued.",
    )
    name = models.CharField(max_length=120)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    activity = models.CharField("sport or activity", max_length=120, blank=True)
    goals = models.TextField(blank=True)
    injury_history = models.TextField(blank=True)
    contraindications = models.TextField(
        blank=True,
        help_text="What this client must not do, in the coach's words; shown beside every program.",
    )
    # Codes of CLINICAL.md section 9 (assessments.core.types.CONTRAINDICATION_CODES):
    # the engine never prescribes a drill excluded by one of them.
    contraindication_codes = models.JSONField(default=list, blank=True)
    email = models.EmailField(
        blank=True,
        help_text="Optional: for sending the personal link and message notes.",
    )
    phone = models.CharField(
        "phone number",
        max_length=30,
        blank=True,
        validators=[phone_validator],
        help_text="Optional, for you: Weaklink does not text or call it.",
    )
    reassess_every_weeks = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text="How often to re-assess.",
    )
    # Weekdays the client trains on (Monday = 0), set by the coach: clients/schedule.py.
    training_days = models.JSONField(default=default_training_days, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Changes with anything shown about this client; keys its cached pages (page_cache.py).
    data_version = models.PositiveIntegerField(default=new_version, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "id"]
        indexes = [
            models.Index(
                fields=["coach", "archived_at"], name="client_coach_archived_idx"
            ),
            models.Index(Lower("name"), "coach", name="client_coach_lname_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reassess_every_weeks__gte=1)
                & models.Q(reassess_every_weeks__lte=26),
                name="client_reassess_weeks_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.data_version = new_version()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "data_version"}
        super().save(*args, **kwargs)

    @property
    def schedule(self) -> tuple[int, ...]:
        """The training days as weekday numbers (the default when none are stored)."""
        return clean_days(self.training_days)

    @property
    def schedule_words(self) -> str:
        return days_words(self.training_days)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ClientLink(models.Model):
    """A client's personal link: signed, unguessable, expiring and revocable.

    The URL carries a signed (link id, secret) pair; only a hash of the secret is
    stored, so a database dump does not leak working links.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="links")
    secret_hash = models.CharField(max_length=64, unique=True)
    # The secret is derived from this and SECRET_KEY (clients/links.py), so the
    # link can be shown again; empty for links issued before that (shown once).
    secret_nonce = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["client", "revoked_at"], name="clientlink_client_revoked_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Link for {self.client} (expires {self.expires_at:%d %b %Y})"


class AuditEvent(models.Model):
    """Who viewed or changed a client's assessments, and when (the records audit log).

    Rows are only ever added: nothing in the app edits or deletes them, and an
    erase keeps them (they hold ids and actions, no personal text).
    """

    class Action(models.TextChoices):
        VIEWED_SESSION = "viewed_session", "Viewed an assessment"
        VIEWED_COMPARE = "viewed_compare", "Compared assessments"
        CREATED_SESSION = "created_session", "Created an assessment"
        SAVED_SESSION = "saved_session", "Saved an assessment draft"
        FINALISED_SESSION = "finalised_session", "Finalised an assessment"
        AMENDED_SESSION = "amended_session", "Amended an assessment"
        GENERATED_PROGRAM = "generated_program", "Generated a program"
        PUBLISHED_PROGRAM = "published_program", "Published a program"
        EXPORTED = "exported", "Exported the client's data"
        ERASED = "erased", "Erased the client's personal data"
        REFERRED = "referred", "Referred to a clinician"
        CLEARED_REFERRAL = "cleared_referral", "Recorded a clinician's clearance"
        OVERRODE_REFERRAL = "overrode_referral", "Overrode a referral"
        ADDED_EXCLUDED_DRILL = "added_excluded", "Added a drill the client should avoid"
        REVIEWED_PAIN = "reviewed_pain", "Reviewed a pain alert"
        UNDID_STEP_DOWN = "undid_step_down", "Undid an automatic step down"
        PRINTED_REFERRAL = "printed_referral", "Opened the referral summary"
        MOVED_PHASE_ON = "moved_phase_on", "Moved the client on to the next phase"
        SHOWED_LINK = "showed_link", "Showed the personal link again"
        EMAILED_LINK = "emailed_link", "Sent the personal link by email"
        PREVIEWED_PLAN = "previewed_plan", "Previewed the client's plan"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    # The session or program the action was about, when there is one.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(
                fields=["client", "-at", "-id"], name="auditevent_client_at_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} client {self.client_id} at {self.at:%Y-%m-%d %H:%M}"


class Message(models.Model):
    """One message of the thread between a client and their coach (one thread per client)."""

    class Sender(models.TextChoices):
        COACH = "coach", "Coach"
        CLIENT = "client", "Client"

    MAX_LENGTH = 2000

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.CharField(max_length=10, choices=Sender.choices)
    body = models.CharField(max_length=MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    # When the other side read it (opened the thread).
    read_at = models.DateTimeField(null=True, blank=True)
    # When an email note of unread messages covering it went out (clients/messages.py).
    noted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["client", "created_at", "id"], name="message_client_at_idx"
            ),
            models.Index(
                fields=["client", "sender", "read_at"], name="message_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_sender_display()} message about client {self.client_id} at {self.created_at:%Y-%m-%d %H:%M}"


class LoginThrottle(models.Model):
    """Recent failed sign-ins for one key (a username, an address, or both): clients/throttle.py.

    A table of its own rather than a cache entry, so counts are never culled to
    make room, and a row lock makes check-and-count one atomic step.
    """

    key = models.CharField(max_length=100, unique=True)
    # Seconds since the epoch, oldest first; at most the key's limit are kept.
    failures = models.JSONField(default=list)
    last_at = models.FloatField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {len(self.failures)} recent failures"

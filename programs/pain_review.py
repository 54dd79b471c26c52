"""The coach's answer to pain (CLINICAL.md section 10): review an alert, undo a step down. Audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import AuditEvent, Client, User
from clients.records import audit_record
from programs.models import PainAlert, StepDown


def _coach_or_403(*, client_id: int, user: User) -> None:
    if not Client.objects.filter(pk=client_id, coach=user).exists():
        raise PermissionDenied("Only the client's coach can do this.")


def _close_once[M: (PainAlert, StepDown)](
    row: M, *, user: User, at: str, by: str, already: str, action: AuditEvent.Action
) -> M:
    """Stamp `at`/`by` on a locked row of the coach's own client, once, audited in the same transaction."""
    row = type(row).objects.select_for_update().get(pk=row.pk)
    _coach_or_403(client_id=row.client_id, user=user)
    if getattr(row, at) is not None:
        raise ValidationError(already)
    setattr(row, at, timezone.now())
    setattr(row, by, user)
    row.full_clean()
    row.save(update_fields=[at, by, "updated_at"])
    audit_record(actor=user, client=row.client_id, action=action, object_id=row.pk)
    return row


@transaction.atomic
def pain_alert_review(*, alert: PainAlert, user: User) -> PainAlert:
    """The coach has seen the alert: it leaves the top of the home page. Audited."""
    return _close_once(
        alert,
        user=user,
        at="reviewed_at",
        by="reviewed_by",
        already="This pain alert was already reviewed.",
        action=AuditEvent.Action.REVIEWED_PAIN,
    )


@transaction.atomic
def step_down_undo(*, step_down: StepDown, user: User) -> StepDown:
    """The coach puts the harder drill back: the client sees it again at once. Audited.

    Undoing is the coach's answer to the alert that made the step down: it closes it too.
    """
    if step_down.alert_id is not None:
        alert = PainAlert.objects.filter(
            pk=step_down.alert_id, reviewed_at__isnull=True
        )
        if alert.exists():
            pain_alert_review(alert=alert.get(), user=user)
    return _close_once(
        step_down,
        user=user,
        at="undone_at",
        by="undone_by",
        already="This step down was already undone.",
        action=AuditEvent.Action.UNDID_STEP_DOWN,
    )

"""Refer-out and clearance (CLINICAL.md section 8): the referred state and how it ends.

A client is *referred* while any of their referrals is open. While referred, no
program is generated or published for them and the phone shows a pause page
instead of drills. A referral opens when a final session has red flags (or knee
pain of 7/10 or more), or when the client reports red-flag symptoms on the phone;
it closes with a clinician's clearance, the coach's written override, or a later
session without red flags. Every open and close is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.core.types import CONTRAINDICATION_CODES, RED_FLAGS, Clearance
from assessments.models import AssessmentSession, Referral
from clients.models import AuditEvent, Client, User
from clients.records import audit_record

PAIN_REFER_OUT = 7  # CLINICAL.md section 4; the engine's rule table says the same


class ClientReferred(Exception):
    """Programming is refused while the client is referred to a clinician."""


def open_referrals(client: Client) -> list[Referral]:
    return list(Referral.objects.open().filter(client=client).order_by("opened_at"))


def client_referred(client: Client) -> bool:
    return Referral.objects.open().filter(client=client).exists()


def _referral_day(referral: Referral) -> date:
    if referral.session is not None:
        return referral.session.assessed_on
    return timezone.localdate(referral.opened_at)


def session_clearance(session: AssessmentSession) -> Clearance | None:
    """The clearance that lets a program be built from this red-flag session, if any.

    A clinician's clearance counts when it is dated on or after the session; the
    coach's override counts for the referral it closed (it reads as a clearance
    dated the day of the override, adding no restrictions).
    """
    closed = Referral.objects.filter(
        client_id=session.client_id,
        outcome__in=[Referral.Outcome.CLEARED, Referral.Outcome.OVERRIDDEN],
    ).order_by("-closed_at", "-id")
    for referral in closed:
        if referral.outcome == Referral.Outcome.CLEARED:
            if referral.cleared_on and referral.cleared_on >= session.assessed_on:
                return Clearance(
                    cleared_on=referral.cleared_on,
                    by=referral.cleared_by,
                    restrictions=tuple(referral.restrictions),
                )
        elif referral.session_id == session.pk:
            return Clearance(
                cleared_on=max(
                    timezone.localdate(referral.closed_at), session.assessed_on
                ),
                by="the coach (override)",
            )
    return None


def programming_refusal(*, client: Client, session: AssessmentSession | None) -> str:
    """Why no program may be generated or published now ("" when it may)."""
    if client_referred(client):
        return (
            f"{client.name} is referred to a clinician. Record the clinician's "
            "clearance (or override the referral with a written reason) before programming."
        )
    if session is not None and session.refer_out and session_clearance(session) is None:
        return (
            "This assessment found red flags and has no clearance dated on or after it. "
            "Record the clinician's clearance before programming."
        )
    return ""


def ensure_programming_allowed(
    *, client: Client, session: AssessmentSession | None
) -> None:
    refusal = programming_refusal(client=client, session=session)
    if refusal:
        raise ClientReferred(refusal)


@transaction.atomic
def referral_after_session(
    *, session: AssessmentSession, user: User
) -> Referral | None:
    """Open a referral for a final session with red flags; a session without them closes older ones."""
    if not session.is_final or session.superseded_at is not None:
        return None
    if session.refer_out:
        existing = Referral.objects.open().filter(client_id=session.client_id)
        if session.amends_id is not None:
            existing.filter(session_id=session.amends_id).update(
                session=session, updated_at=timezone.now()
            )
        if existing.filter(session=session).exists():
            return None
        referral = Referral.objects.create(
            client_id=session.client_id,
            session=session,
            source=Referral.Source.SESSION,
            red_flags=list(session.red_flags),
            knee_pain=session.knee_pain_nrs,
        )
        audit_record(
            actor=user,
            client=session.client_id,
            action=AuditEvent.Action.REFERRED,
            object_id=referral.pk,
        )
        return referral
    for referral in Referral.objects.open().filter(client_id=session.client_id):
        amended_away = (
            referral.session_id is not None and referral.session_id == session.amends_id
        )
        if amended_away or (
            referral.session_id != session.pk
            and _referral_day(referral) <= session.assessed_on
        ):
            _close(
                referral,
                user=user,
                outcome=Referral.Outcome.RESOLVED,
                resolving_session=session,
            )
    return None


def _close(
    referral: Referral,
    *,
    user: User,
    outcome: str,
    resolving_session: AssessmentSession | None = None,
    **fields: object,
) -> Referral:
    referral.outcome = outcome
    referral.closed_at = timezone.now()
    referral.closed_by = user
    referral.resolving_session = resolving_session
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.full_clean()
    referral.save()
    return referral


def _check_restrictions(restrictions: Sequence[str]) -> list[str]:
    unknown = [code for code in restrictions if code not in CONTRAINDICATION_CODES]
    if unknown:
        raise ValidationError({"restrictions": "Choose restrictions from the list."})
    return list(dict.fromkeys(restrictions))


@transaction.atomic
def referral_clear(
    *,
    referral: Referral,
    user: User,
    cleared_on: date,
    cleared_by: str,
    restrictions: Sequence[str],
    note: str,
) -> Referral:
    """Record a clinician's clearance; its restrictions join the client's contraindications."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise ValidationError("This referral is already closed.")
    if not cleared_by.strip():
        raise ValidationError({"cleared_by": "Say who cleared the client."})
    if cleared_on > timezone.localdate():
        raise ValidationError({"cleared_on": "The date cannot be in the future."})
    if cleared_on < _referral_day(referral):
        raise ValidationError(
            {"cleared_on": "A clearance must be dated on or after the referral."}
        )
    codes = _check_restrictions(restrictions)
    _close(
        referral,
        user=user,
        outcome=Referral.Outcome.CLEARED,
        cleared_on=cleared_on,
        cleared_by=cleared_by.strip(),
        restrictions=codes,
        closing_note=note.strip(),
    )
    client = Client.objects.select_for_update().get(pk=referral.client_id)
    merged = list(dict.fromkeys([*client.contraindication_codes, *codes]))
    if merged != client.contraindication_codes:
        client.contraindication_codes = merged
        client.save(update_fields=["contraindication_codes", "updated_at"])
    audit_record(
        actor=user,
        client=referral.client_id,
        action=AuditEvent.Action.CLEARED_REFERRAL,
        object_id=referral.pk,
    )
    return referral


@transaction.atomic
def referral_override(*, referral: Referral, user: User, reason: str) -> Referral:
    """End a referral on the coach's written reason (for example a red flag ticked in error)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise ValidationError("This referral is already closed.")
    if len(reason.strip()) < 10:
        raise ValidationError(
            {"reason": "Write the reason in a sentence (at least 10 characters)."}
        )
    _close(
        referral,
        user=user,
        outcome=Referral.Outcome.OVERRIDDEN,
        closing_note=reason.strip(),
    )
    audit_record(
        actor=user,
        client=referral.client_id,
        action=AuditEvent.Action.OVERRODE_REFERRAL,
        object_id=referral.pk,
    )
    return referral


def referral_summary_printed(*, referral: Referral, user: User) -> None:
    """The coach opened the printable summary for the clinician: one audit line."""
    audit_record(
        actor=user,
        client=referral.client_id,
        action=AuditEvent.Action.PRINTED_REFERRAL,
        object_id=referral.pk,
    )


@transaction.atomic
def referral_report(
    *,
    client: Client,
    red_flags: Sequence[str],
    note: str = "",
    knee_pain: int | None = None,
) -> Referral:
    """The client reports red-flag symptoms (or pain of 7/10 or more) on the phone: the plan pauses."""
    flags = [flag for flag in RED_FLAGS if flag in set(red_flags)]
    if not flags and (knee_pain is None or knee_pain < PAIN_REFER_OUT):
        raise ValidationError({"red_flags": "Choose at least one symptom."})
    referral = Referral.objects.create(
        client=client,
        source=Referral.Source.CLIENT_REPORT,
        red_flags=flags,
        knee_pain=knee_pain,
        client_note=note.strip()[:500],
    )
    if client.user is not None:
        audit_record(
            actor=client.user,
            client=client,
            action=AuditEvent.Action.REFERRED,
            object_id=referral.pk,
        )
    return referral

"""The bridge between AssessmentSession rows and the pure findings core."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessments.core.findings import (
    Change,
    Dorsiflexion,
    FindingsResult,
    Hip,
    PerSide,
    SessionInput,
    Squat,
    compare_sessions,
    evaluate_session,
)
from assessments.core.hip_knee import (
    KujalaChange,
    dynamometer_not_comparable,
    kujala_change,
)
from assessments.models import AssessmentSession
from assessments.referrals import referral_after_session
from clients.models import AuditEvent, Client, User
from clients.records import audit_record


class SessionLocked(Exception):
    """A final session cannot be edited; amend it instead."""


def session_input(session: AssessmentSession) -> SessionInput:
    """The pure core's view of a session (no queries)."""
    client: Client = session.client
    return SessionInput(
        assessed_on=session.assessed_on,
        age=client.age_on(session.assessed_on) if session.assessed_on else None,
        dorsiflexion=Dorsiflexion(
            left_cm=session.ktw_left_cm,
            right_cm=session.ktw_right_cm,
            left_deg=session.ktw_left_deg,
            right_deg=session.ktw_right_deg,
            method=session.ktw_method or None,
            footwear=session.ktw_footwear or None,
        ),
        squat=Squat(
            heels_rise=session.heels_rise,
            knees_cave=PerSide(session.knees_cave_left, session.knees_cave_right),
            arch_collapse=PerSide(
                session.arch_collapse_left, session.arch_collapse_right
            ),
            forward_lean=session.forward_lean,
            feet_turn_out=session.feet_turn_out,
            low_back_arch=session.low_back_arch,
            anterior_knee_pain=session.anterior_knee_pain,
        ),
        hip=Hip(
            single_leg_stance_s=PerSide(session.stance_left_s, session.stance_right_s),
            step_down_valgus=PerSide(
                session.step_down_valgus_left, session.step_down_valgus_right
            ),
            abduction_mmt=PerSide(
                session.abduction_mmt_left, session.abduction_mmt_right
            ),
            abduction_dynamometer=PerSide(
                session.abduction_dyn_left, session.abduction_dyn_right
            ),
            abduction_dynamometer_unit=session.abduction_dyn_unit or None,
            quad_dominant=session.quad_dominant,
            notes=session.glute_notes,
        ),
        knee_pain_nrs=session.knee_pain_nrs,
        red_flags=tuple(sorted(session.red_flags or ())),
    )


def session_findings(session: AssessmentSession) -> FindingsResult:
    return evaluate_session(session=session_input(session))


def previous_session(session: AssessmentSession) -> AssessmentSession | None:
    """The client's latest current final session before this one (one query)."""
    earlier = AssessmentSession.objects.current().filter(
        client_id=session.client_id, status=AssessmentSession.Status.FINAL
    )
    if session.pk:
        earlier = earlier.exclude(pk=session.pk)
    if session.assessed_on:
        earlier = earlier.filter(assessed_on__lte=session.assessed_on)
    return earlier.select_related("client").order_by("-assessed_on", "-id").first()


@dataclass(frozen=True, slots=True)
class Comparison:
    previous: AssessmentSession | None
    changes: tuple[Change, ...]
    # Anterior Knee Pain Scale, when both sessions have it (judged against 10 points).
    kujala: KujalaChange | None = None
    # The unit both sessions' dynamometer readings share ("" when they differ).
    dynamometer_unit: str = ""


DYNAMOMETER_PATH = "hip.abduction_dynamometer."


def _dynamometer_units(
    changes: tuple[Change, ...], *, before_unit: str, after_unit: str
) -> tuple[Change, ...]:
    """Readings in different (or unrecorded) units are never compared (CLINICAL.md section 12).

    The engine does not know the unit yet, so its rows are replaced here.
    """
    note = dynamometer_not_comparable(before_unit=before_unit, after_unit=after_unit)
    if not note:
        return changes
    return tuple(
        Change(
            change.field,
            change.before,
            change.after,
            None,
            None,
            "not_comparable",
            note=note,
        )
        if change.field.startswith(DYNAMOMETER_PATH)
        else change
        for change in changes
    )


def session_compare(session: AssessmentSession) -> Comparison:
    previous = previous_session(session)
    if previous is None:
        return Comparison(None, ())
    changes = _dynamometer_units(
        compare_sessions(
            current=session_input(session), previous=session_input(previous)
        ),
        before_unit=previous.abduction_dyn_unit,
        after_unit=session.abduction_dyn_unit,
    )
    kujala = None
    if previous.kujala_score is not None and session.kujala_score is not None:
        kujala = kujala_change(before=previous.kujala_score, after=session.kujala_score)
    same_unit = previous.abduction_dyn_unit == session.abduction_dyn_unit
    return Comparison(
        previous,
        changes,
        kujala=kujala,
        dynamometer_unit=session.abduction_dyn_unit if same_unit else "",
    )


def _store_findings(session: AssessmentSession) -> None:
    result = session_findings(session)
    session.refer_out = result.refer_out
    session.finding_codes = sorted({finding.code for finding in result.findings})


def session_viewed(
    *, session: AssessmentSession, user: User, compare: bool = False
) -> None:
    """The coach opened the session (or its comparison with the one before): one audit line."""
    audit_record(
        actor=user,
        client=session.client_id,
        action=AuditEvent.Action.VIEWED_COMPARE
        if compare
        else AuditEvent.Action.VIEWED_SESSION,
        object_id=session.pk,
    )


def _save(session: AssessmentSession) -> AssessmentSession:
    if (
        session.pk
        and AssessmentSession.objects.filter(
            pk=session.pk, status=AssessmentSession.Status.FINAL
        ).exists()
    ):
        raise SessionLocked(
            "This session is final; record a correction as an amendment."
        )
    session.full_clean()
    _store_findings(session)
    session.save()
    return session


@transaction.atomic
def session_save(*, session: AssessmentSession, user: User) -> AssessmentSession:
    """Validate and save a draft, refreshing its stored finding codes; audited."""
    created = session.pk is None
    session = _save(session)
    audit_record(
        actor=user,
        client=session.client_id,
        action=AuditEvent.Action.CREATED_SESSION
        if created
        else AuditEvent.Action.SAVED_SESSION,
        object_id=session.pk,
    )
    return session


@transaction.atomic
def session_finalise(*, session: AssessmentSession, user: User) -> AssessmentSession:
    """Save and lock the session; a red-flag session opens a referral. Audited."""
    session = _save(session)
    session.status = AssessmentSession.Status.FINAL
    session.finalised_at = timezone.now()
    session.finalised_by = user
    session.save(update_fields=["status", "finalised_at", "finalised_by", "updated_at"])
    audit_record(
        actor=user,
        client=session.client_id,
        action=AuditEvent.Action.FINALISED_SESSION,
        object_id=session.pk,
    )
    referral_after_session(session=session, user=user)
    return session


@transaction.atomic
def session_amend(
    *,
    original: AssessmentSession,
    corrected: AssessmentSession,
    user: User,
    reason: str,
) -> AssessmentSession:
    """Record a correction of a final session: the original is kept, marked superseded."""
    original = AssessmentSession.objects.select_for_update().get(pk=original.pk)
    if not original.is_final or original.superseded_at is not None:
        raise SessionLocked(
            "Only the current final version of a session can be amended."
        )
    corrected.pk = None
    corrected.id = None
    corrected._state.adding = True
    corrected.client_id = original.client_id
    corrected.coach_id = original.coach_id
    corrected.amends = original
    corrected.amendment_reason = reason
    corrected.status = AssessmentSession.Status.FINAL
    corrected.finalised_at = timezone.now()
    corrected.finalised_by = user
    corrected.superseded_at = None
    corrected.full_clean()
    _store_findings(corrected)
    corrected.save()
    original.superseded_at = timezone.now()
    original.save(update_fields=["superseded_at", "updated_at"])
    audit_record(
        actor=user,
        client=corrected.client_id,
        action=AuditEvent.Action.AMENDED_SESSION,
        object_id=corrected.pk,
    )
    referral_after_session(session=corrected, user=user)
    return corrected

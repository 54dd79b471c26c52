"""Audit lines are written by the services, in the same transaction as their write.

A committed write always has its line; a write that fails (the audit insert
itself, or a step after the write) leaves neither the write nor the line.
"""

from __future__ import annotations

import copy
from contextlib import AbstractContextManager
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError
from django.db.models import Max

from assessments.models import AssessmentSession, Referral
from assessments.referrals import referral_summary_printed
from assessments.services import (
    session_amend,
    session_finalise,
    session_save,
    session_viewed,
)
from clients.links import link_email_queue, link_issue, link_shown
from clients.models import AuditEvent, Client
from clients.records import plan_previewed
from programs.editing import program_publish_draft
from programs.models import Program
from programs.services import program_generate, program_publish
from tests.factory import make_client, make_program, make_session

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def mark() -> int:
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


def lines(client: Client, *, after: int) -> list[tuple[str, int | None, int]]:
    return list(
        AuditEvent.objects.filter(client=client, id__gt=after)
        .order_by("id")
        .values_list("action", "object_id", "actor_id")
    )


def draft(client: Client | None = None, **fields: object) -> AssessmentSession:
    client = client or make_client()
    return AssessmentSession(
        client=client,
        coach=client.coach,
        assessed_on=date(2026, 11, 2),
        ktw_left_cm=7.0,
        ktw_right_cm=11.0,
        **fields,
    )


def audit_fails() -> AbstractContextManager[object]:
    return mock.patch.object(
        AuditEvent.objects, "create", side_effect=DatabaseError("disk full")
    )


def test_saving_a_new_draft_then_again_writes_created_then_saved() -> None:
    session = draft()
    coach = session.coach
    session_save(session=session, user=coach)
    session.ktw_left_cm = 8.0
    session_save(session=session, user=coach)
    assert lines(session.client, after=0) == [
        (Action.CREATED_SESSION, session.pk, coach.pk),
        (Action.SAVED_SESSION, session.pk, coach.pk),
    ]


def test_a_failed_audit_line_leaves_no_new_session() -> None:
    session = draft()
    with audit_fails(), pytest.raises(DatabaseError):
        session_save(session=session, user=session.coach)
    assert not AssessmentSession.objects.filter(client=session.client).exists()
    assert lines(session.client, after=0) == []


def test_finalising_writes_one_line_and_a_failure_leaves_the_draft() -> None:
    session = draft()
    session_save(session=session, user=session.coach)
    before = mark()
    with audit_fails(), pytest.raises(DatabaseError):
        session_finalise(session=session, user=session.coach)
    stored = AssessmentSession.objects.get(pk=session.pk)
    assert stored.status == AssessmentSession.Status.DRAFT
    assert lines(session.client, after=before) == []
    session_finalise(session=stored, user=stored.coach)
    assert lines(session.client, after=before) == [
        (Action.FINALISED_SESSION, session.pk, session.coach.pk)
    ]


def test_a_failure_after_finalising_takes_the_audit_line_back_too() -> None:
    """The line is written before the referral step; that step failing undoes both."""
    session = draft()
    session_save(session=session, user=session.coach)
    before = mark()
    with (
        mock.patch(
            "assessments.services.referral_after_session",
            side_effect=DatabaseError("lost connection"),
        ),
        pytest.raises(DatabaseError),
    ):
        session_finalise(session=session, user=session.coach)
    assert (
        AssessmentSession.objects.get(pk=session.pk).status
        == AssessmentSession.Status.DRAFT
    )
    assert lines(session.client, after=before) == []


def test_a_red_flag_session_is_finalised_then_referred() -> None:
    session = draft(red_flags=["swelling"])
    before = mark()
    session_finalise(session=session, user=session.coach)
    referral = Referral.objects.get(session=session)
    assert lines(session.client, after=before) == [
        (Action.FINALISED_SESSION, session.pk, session.coach.pk),
        (Action.REFERRED, referral.pk, session.coach.pk),
    ]


def test_amending_writes_the_new_version_and_a_failure_keeps_the_original() -> None:
    original = make_session()
    before = mark()
    corrected = copy.copy(original)
    corrected.ktw_left_cm = 9.0
    with audit_fails(), pytest.raises(DatabaseError):
        session_amend(
            original=original,
            corrected=copy.copy(corrected),
            user=original.coach,
            reason="left and right swapped",
        )
    original.refresh_from_db()
    assert original.superseded_at is None
    assert AssessmentSession.objects.filter(client=original.client).count() == 1
    assert lines(original.client, after=before) == []
    amended = session_amend(
        original=original,
        corrected=corrected,
        user=original.coach,
        reason="left and right swapped",
    )
    assert lines(original.client, after=before) == [
        (Action.AMENDED_SESSION, amended.pk, original.coach.pk)
    ]


def test_opening_a_session_or_its_comparison_is_one_line_each() -> None:
    session = make_session()
    before = mark()
    session_viewed(session=session, user=session.coach)
    session_viewed(session=session, user=session.coach, compare=True)
    assert lines(session.client, after=before) == [
        (Action.VIEWED_SESSION, session.pk, session.coach.pk),
        (Action.VIEWED_COMPARE, session.pk, session.coach.pk),
    ]


def test_generating_writes_one_line_and_a_failure_leaves_no_program() -> None:
    program = make_program(publish=False)  # loads the library
    session = make_session(client=program.client, assessed_on=date(2026, 11, 20))
    before = mark()
    with audit_fails(), pytest.raises(DatabaseError):
        program_generate(session=session, user=session.coach)
    assert not Program.objects.filter(source_session=session).exists()
    assert lines(session.client, after=before) == []
    made = program_generate(session=session, user=session.coach)
    assert lines(session.client, after=before) == [
        (Action.GENERATED_PROGRAM, made.pk, session.coach.pk)
    ]


def test_publishing_writes_one_line_and_a_failure_leaves_the_draft() -> None:
    program = make_program(publish=False)
    coach = program.client.coach
    before = mark()
    with audit_fails(), pytest.raises(DatabaseError):
        program_publish(program=program, seen_version=program.version, user=coach)
    stored = Program.objects.get(pk=program.pk)
    assert stored.status == Program.Status.DRAFT
    assert lines(program.client, after=before) == []
    program_publish_draft(program=stored, seen_version=stored.version, user=coach)
    assert Program.objects.get(pk=program.pk).status == Program.Status.PUBLISHED
    assert lines(program.client, after=before) == [
        (Action.PUBLISHED_PROGRAM, program.pk, coach.pk)
    ]


def test_opening_the_referral_summary_is_one_line() -> None:
    session = make_session(red_flags=["swelling"])
    referral = Referral.objects.get(session=session)
    before = mark()
    referral_summary_printed(referral=referral, user=session.coach)
    assert lines(session.client, after=before) == [
        (Action.PRINTED_REFERRAL, referral.pk, session.coach.pk)
    ]


def test_showing_a_link_again_and_previewing_the_plan_are_one_line_each() -> None:
    client = make_client()
    issued = link_issue(client=client, user=client.coach)
    before = mark()
    link_shown(link=issued.link, user=client.coach)
    plan_previewed(client=client, user=client.coach)
    assert lines(client, after=before) == [
        (Action.SHOWED_LINK, issued.link.pk, client.coach.pk),
        (Action.PREVIEWED_PLAN, None, client.coach.pk),
    ]


def test_emailing_a_link_queues_the_email_with_its_line_or_neither(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = make_client(email="maya@example.com")
    issued = link_issue(client=client, user=client.coach)
    before = mark()
    with (
        django_capture_on_commit_callbacks() as queued,
        audit_fails(),
        pytest.raises(DatabaseError),
    ):
        link_email_queue(link=issued.link, user=client.coach, site="https://x.test")
    assert queued == []
    assert lines(client, after=before) == []
    with django_capture_on_commit_callbacks() as queued:
        link_email_queue(link=issued.link, user=client.coach, site="https://x.test")
    assert len(queued) == 1
    assert lines(client, after=before) == [
        (Action.EMAILED_LINK, issued.link.pk, client.coach.pk)
    ]

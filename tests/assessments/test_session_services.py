from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import AssessmentSession
from assessments.services import (
    SessionLocked,
    previous_session,
    session_amend,
    session_compare,
    session_save,
)
from tests.factory import make_client, make_session

pytestmark = pytest.mark.django_db


def test_saving_stores_the_engine_verdict() -> None:
    session = make_session(
        final=False, ktw_left_cm=7.0, ktw_right_cm=11.0, heels_rise=True
    )
    session.refresh_from_db()
    assert "ankle_dorsiflexion_restricted" in session.finding_codes
    assert session.refer_out is False


def test_pain_of_seven_refers_out() -> None:
    session = make_session(knee_pain_nrs=7)
    assert session.refer_out is True


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ktw_left_cm", -1),
        ("ktw_left_cm", 31),
        ("abduction_mmt_left", 6),
        ("knee_pain_nrs", 11),
        ("stance_right_s", 601),
    ],
)
def test_out_of_range_values_are_refused(field: str, value: float) -> None:
    client = make_client()
    session = AssessmentSession(
        client=client,
        coach=client.coach,
        assessed_on=date(2026, 11, 1),
        **{field: value},
    )
    with pytest.raises(ValidationError) as error:
        session_save(session=session, user=session.coach)
    assert field in error.value.message_dict


def test_the_database_refuses_out_of_range_values_too() -> None:
    client = make_client()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentSession.objects.create(
            client=client,
            coach=client.coach,
            assessed_on=date(2026, 11, 1),
            ktw_left_cm=-2,
        )


def test_unknown_red_flags_are_refused() -> None:
    client = make_client()
    session = AssessmentSession(
        client=client,
        coach=client.coach,
        assessed_on=date(2026, 11, 1),
        red_flags=["headache"],
    )
    with pytest.raises(ValidationError):
        session_save(session=session, user=session.coach)


def test_a_final_session_cannot_be_saved_again() -> None:
    session = make_session(final=True)
    session.ktw_left_cm = 12.0
    with pytest.raises(SessionLocked):
        session_save(session=session, user=session.coach)
    session.refresh_from_db()
    assert session.ktw_left_cm == 7.0


def test_an_amendment_keeps_the_original_and_says_who_and_why() -> None:
    original = make_session(final=True, ktw_left_cm=7.0)
    corrected = AssessmentSession.objects.get(pk=original.pk)
    corrected.ktw_left_cm = 8.5
    amendment = session_amend(
        original=original,
        corrected=corrected,
        user=original.coach,
        reason="Misread the tape",
    )
    original.refresh_from_db()
    assert original.ktw_left_cm == 7.0 and original.superseded_at is not None
    assert amendment.pk != original.pk and amendment.amends == original
    assert amendment.ktw_left_cm == 8.5 and amendment.finalised_by == original.coach
    assert amendment.amendment_reason == "Misread the tape"
    assert list(AssessmentSession.objects.current()) == [amendment]
    with pytest.raises(SessionLocked):
        session_amend(
            original=original,
            corrected=AssessmentSession.objects.get(pk=original.pk),
            user=original.coach,
            reason="again",
        )


def test_compare_uses_the_previous_final_session() -> None:
    client = make_client()
    make_session(client=client, assessed_on=date(2026, 10, 1), ktw_left_cm=5.0)
    make_session(
        client=client, assessed_on=date(2026, 10, 15), final=False, ktw_left_cm=1.0
    )
    current = make_session(
        client=client, assessed_on=date(2026, 11, 1), ktw_left_cm=7.5
    )
    comparison = session_compare(current)
    assert comparison.previous is not None and comparison.previous.ktw_left_cm == 5.0
    left = next(
        change
        for change in comparison.changes
        if change.field == "dorsiflexion.left_cm"
    )
    assert left.verdict == "improved" and left.delta == pytest.approx(2.5)


def test_a_first_session_has_no_previous() -> None:
    assert previous_session(make_session()) is None

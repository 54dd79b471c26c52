"""Each refusal of the referral services, called directly: remove a guard and a test here fails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Referral
from assessments.referrals import referral_clear
from clients.models import AuditEvent
from tests.factory import make_session

pytestmark = pytest.mark.django_db


def open_referral() -> Referral:
    session = make_session(
        red_flags=["swelling"], assessed_on=timezone.localdate() - timedelta(days=3)
    )
    return session.referrals.get()


def test_a_clearance_takes_only_restrictions_from_the_list() -> None:
    referral = open_referral()
    client = referral.client
    with pytest.raises(ValidationError) as error:
        referral_clear(
            referral=referral,
            user=client.coach,
            cleared_on=timezone.localdate(),
            cleared_by="Dr A. Patel, sports physician",
            restrictions=["no_loading", "no_headstands"],
            note="",
        )
    assert error.value.message_dict == {
        "restrictions": ["Choose restrictions from the list."]
    }
    referral.refresh_from_db()
    client.refresh_from_db()
    assert referral.is_open
    assert "no_headstands" not in client.contraindication_codes
    assert not AuditEvent.objects.filter(
        client=client, action=AuditEvent.Action.CLEARED_REFERRAL
    ).exists()

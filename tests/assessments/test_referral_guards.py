"""Each refusal of the referral services, called directly: remove a guard and a test here fails."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Referral
from assessments.referrals import referral_clear, referral_override, referral_report
from clients.models import AuditEvent
from tests.factory import make_client, make_session

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


def clear(referral: Referral, **fields: Any) -> Referral:
    values: dict[str, Any] = {
        "cleared_on": timezone.localdate(),
        "cleared_by": "Dr A. Patel, sports physician",
        "restrictions": [],
        "note": "",
    }
    values.update(fields)
    return referral_clear(referral=referral, user=referral.client.coach, **values)


def closing_lines(referral: Referral) -> int:
    return AuditEvent.objects.filter(
        client=referral.client,
        action__in=[
            AuditEvent.Action.CLEARED_REFERRAL,
            AuditEvent.Action.OVERRODE_REFERRAL,
        ],
    ).count()


def test_a_clearance_says_who_cleared_the_client() -> None:
    referral = open_referral()
    with pytest.raises(ValidationError) as error:
        clear(referral, cleared_by="   ")
    assert error.value.message_dict == {"cleared_by": ["Say who cleared the client."]}
    referral.refresh_from_db()
    assert referral.is_open
    assert closing_lines(referral) == 0


@pytest.mark.parametrize("first", ["clear", "override"])
@pytest.mark.parametrize("second", ["clear", "override"])
def test_a_closed_referral_is_not_closed_again(first: str, second: str) -> None:
    referral = open_referral()
    close = {
        "clear": lambda: clear(referral),
        "override": lambda: referral_override(
            referral=referral,
            user=referral.client.coach,
            reason="Red flag ticked in error: no swelling on re-check.",
        ),
    }
    close[first]()
    stored = Referral.objects.get(pk=referral.pk)
    with pytest.raises(ValidationError, match="already closed"):
        close[second]()
    assert Referral.objects.get(pk=referral.pk).outcome == stored.outcome
    assert Referral.objects.get(pk=referral.pk).closed_at == stored.closed_at
    assert closing_lines(referral) == 1


def test_an_override_needs_a_reason_in_a_sentence() -> None:
    referral = open_referral()
    with pytest.raises(ValidationError) as error:
        referral_override(
            referral=referral, user=referral.client.coach, reason="  error    "
        )
    assert list(error.value.message_dict) == ["reason"]
    referral.refresh_from_db()
    assert referral.is_open
    assert closing_lines(referral) == 0


@pytest.mark.parametrize(
    ("flags", "knee_pain"), [([], None), ([], 6), (["headache"], None)]
)
def test_a_report_without_a_symptom_opens_no_referral(
    flags: list[str], knee_pain: int | None
) -> None:
    client = make_client()
    with pytest.raises(ValidationError) as error:
        referral_report(client=client, red_flags=flags, knee_pain=knee_pain)
    assert list(error.value.message_dict) == ["red_flags"]
    assert not Referral.objects.filter(client=client).exists()


def test_pain_of_seven_alone_opens_a_referral() -> None:
    client = make_client()
    referral = referral_report(client=client, red_flags=[], knee_pain=7)
    assert referral.is_open and referral.knee_pain == 7

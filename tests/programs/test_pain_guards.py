"""The pain services refuse a rating outside 0-10 in the client's words, before any write."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from programs.models import Completion, PainAlert, Prescription
from programs.pain import completion_pain_record, next_training_day
from programs.pain_next_day import next_day_pain_record
from programs.plan.log import completion_toggle
from tests.factory import make_program

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 24)
PLAIN = ["Choose a number from 0 (no pain) to 10 (worst pain)."]
OUTSIDE = [-1, 11, True, 2.5, "3"]


def any_prescription() -> Prescription:
    return (
        Prescription.objects.filter(phase__program=make_program())
        .select_related("phase__program__client")
        .order_by("id")[0]
    )


@pytest.mark.parametrize("pain", OUTSIDE)
def test_a_drill_rating_outside_0_to_10_is_refused_in_plain_words(
    pain: object,
) -> None:
    prescription = any_prescription()
    with pytest.raises(ValidationError) as error:
        completion_pain_record(
            client=prescription.phase.program.client,
            prescription=prescription,
            on_date=DAY,
            pain=pain,  # type: ignore[arg-type]
        )
    assert error.value.message_dict == {"pain": PLAIN}
    assert not Completion.objects.exists()


@pytest.mark.parametrize("pain", OUTSIDE)
def test_a_next_day_rating_outside_0_to_10_is_refused_in_plain_words(
    pain: object,
) -> None:
    prescription = any_prescription()
    client = prescription.phase.program.client
    completion_toggle(client=client, prescription=prescription, on_date=DAY)
    with pytest.raises(ValidationError) as error:
        next_day_pain_record(
            client=client,
            today=next_training_day(DAY),
            pain=pain,  # type: ignore[arg-type]
        )
    assert error.value.message_dict == {"pain": PLAIN}
    assert Completion.objects.get().pain_next_day is None
    assert not PainAlert.objects.exists()

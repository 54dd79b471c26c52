"""The session's Anterior Knee Pain Scale, dynamometer unit and body mass: what is stored and refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import AssessmentSession
from assessments.services import session_compare, session_input, session_save
from tests.factory import make_client, make_coach, make_session

pytestmark = pytest.mark.django_db


def unsaved(**fields: Any) -> AssessmentSession:
    client = make_client()
    return AssessmentSession(
        client=client, coach=client.coach, assessed_on=date(2026, 11, 1), **fields
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"kujala_score": 0},
        {"kujala_score": 100},
        {"body_mass_kg": 20},
        {"body_mass_kg": 300},
        {"abduction_dyn_left": 180, "abduction_dyn_unit": "N"},
        {"abduction_dyn_right": 18.5, "abduction_dyn_unit": "kg"},
        {"abduction_dyn_unit": "kg"},  # a unit chosen before any reading is harmless
    ],
)
def test_it_stores_values_in_range(fields: dict[str, object]) -> None:
    session = session_save(session=unsaved(**fields), user=make_coach())
    session.refresh_from_db()
    for name, value in fields.items():
        assert getattr(session, name) == value


@pytest.mark.parametrize(
    ("field", "fields"),
    [
        ("kujala_score", {"kujala_score": 101}),
        ("body_mass_kg", {"body_mass_kg": 19.9}),
        ("body_mass_kg", {"body_mass_kg": 300.5}),
        ("abduction_dyn_unit", {"abduction_dyn_unit": "lb"}),
        ("abduction_dyn_unit", {"abduction_dyn_left": 180}),
        ("abduction_dyn_unit", {"abduction_dyn_right": 20}),
    ],
)
def test_it_refuses_values_out_of_range_or_without_a_unit(
    field: str, fields: dict[str, object]
) -> None:
    with pytest.raises(ValidationError) as error:
        session_save(session=unsaved(**fields), user=make_coach())
    assert field in error.value.message_dict


def test_a_reading_without_a_unit_is_refused_in_plain_words() -> None:
    with pytest.raises(ValidationError) as error:
        session_save(session=unsaved(abduction_dyn_left=180), user=make_coach())
    assert error.value.message_dict["abduction_dyn_unit"] == [
        "Choose the unit of the dynamometer readings: N or kg."
    ]


@pytest.mark.parametrize(
    "fields",
    [{"kujala_score": 150}, {"body_mass_kg": 5.0}, {"abduction_dyn_unit": "lb"}],
)
def test_the_database_refuses_them_too(fields: dict[str, object]) -> None:
    client = make_client()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentSession.objects.create(
            client=client, coach=client.coach, assessed_on=date(2026, 11, 1), **fields
        )


def test_the_engine_gets_the_readings_with_their_unit() -> None:
    session = make_session(abduction_dyn_left=180, abduction_dyn_unit="N")
    hip = session_input(session).hip
    assert (hip.abduction_dynamometer.left, hip.abduction_dynamometer_unit) == (
        180,
        "N",
    )


def test_compare_marks_readings_in_different_units_not_comparable() -> None:
    client = make_client()
    make_session(
        client=client,
        assessed_on=date(2026, 10, 1),
        abduction_dyn_left=180,
        abduction_dyn_right=200,
        abduction_dyn_unit="N",
    )
    current = make_session(
        client=client,
        assessed_on=date(2026, 11, 1),
        abduction_dyn_left=19,
        abduction_dyn_right=20,
        abduction_dyn_unit="kg",
    )
    comparison = session_compare(current)
    rows = {
        change.field: change
        for change in comparison.changes
        if change.field.startswith("hip.abduction_dynamometer")
    }
    assert set(rows) == {
        "hip.abduction_dynamometer.left",
        "hip.abduction_dynamometer.right",
    }
    for change in rows.values():
        assert change.verdict == "not_comparable"
        assert change.delta is None
        assert change.note == "Not comparable: different units (N before, kg now)."
    assert comparison.dynamometer_unit == ""
    # The other measures are still compared.
    assert any(
        change.field == "dorsiflexion.left_cm" and change.verdict != "not_comparable"
        for change in comparison.changes
    )


def test_compare_judges_readings_in_the_same_unit_as_the_engine_does() -> None:
    client = make_client()
    make_session(
        client=client,
        assessed_on=date(2026, 10, 1),
        abduction_dyn_left=100,
        abduction_dyn_unit="N",
    )
    current = make_session(
        client=client,
        assessed_on=date(2026, 11, 1),
        abduction_dyn_left=130,
        abduction_dyn_unit="N",
    )
    comparison = session_compare(current)
    (left,) = [
        c for c in comparison.changes if c.field == "hip.abduction_dynamometer.left"
    ]
    assert left.verdict == "improved"
    assert comparison.dynamometer_unit == "N"


def test_compare_judges_the_kujala_score_when_both_sessions_have_it() -> None:
    client = make_client()
    make_session(client=client, assessed_on=date(2026, 10, 1), kujala_score=62)
    current = make_session(
        client=client, assessed_on=date(2026, 11, 1), kujala_score=72
    )
    kujala = session_compare(current).kujala
    assert kujala is not None
    assert (kujala.before, kujala.after, kujala.delta) == (62, 72, 10)
    assert kujala.verdict == "improved"


def test_compare_has_no_kujala_row_when_a_session_lacks_it() -> None:
    client = make_client()
    make_session(client=client, assessed_on=date(2026, 10, 1))
    current = make_session(
        client=client, assessed_on=date(2026, 11, 1), kujala_score=72
    )
    assert session_compare(current).kujala is None

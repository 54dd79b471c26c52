"""Numbers as people read them: the precision measured, never across a threshold, never "-0.0"."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.core.findings import evaluate_session
from assessments.core.numbers import shown_beside, shown_number
from assessments.core.types import Dorsiflexion, Hip, PerSide, SessionInput
from assessments.core.wording import number as number_text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (6.0, "6.0"),
        (6, "6"),
        (6.25, "6.3"),
        (9.99, "10.0"),
        (-0.04, "0.0"),
        (-0.0, "0.0"),
        (1e-9, "0.0"),
    ],
)
def test_it_shows_one_decimal_at_most_and_never_minus_zero(
    value: float, shown: str
) -> None:
    assert shown_number(value) == shown


@pytest.mark.parametrize(
    ("value", "limit", "below", "shown"),
    [
        (9.99, 10, True, "9.9"),
        (9.95, 10, True, "9.9"),
        (9.94, 10, True, "9.9"),
        (8.04, 10, True, "8.0"),
        (1.5, 1.5, False, "1.5"),
        (35.96, 36, True, "35.9"),
    ],
)
def test_it_never_rounds_onto_the_wrong_side_of_a_threshold(
    value: float, limit: float, below: bool, shown: str
) -> None:
    assert shown_beside(value, limit=limit, below=below) == shown


@given(
    value=st.floats(min_value=0, max_value=100, allow_nan=False),
    limit=st.sampled_from([1.5, 5.4, 10, 36]),
)
def test_a_shown_value_is_always_on_the_side_of_its_threshold(
    value: float, limit: float
) -> None:
    below = Fraction(repr(value)) < Fraction(repr(float(limit)))
    shown = Fraction(shown_beside(value, limit=limit, below=below))

    assert (shown < Fraction(repr(float(limit)))) is below
    assert "-" not in shown_beside(value, limit=limit, below=below)


def test_a_knee_to_wall_of_9_99_is_not_summarised_as_10() -> None:
    result = evaluate_session(
        session=SessionInput(dorsiflexion=Dorsiflexion(left_cm=9.99, right_deg=35.99))
    )

    summaries = {f.side: f.summary for f in result.findings}
    assert "knee-to-wall 9.9 cm, we aim for 10 cm" in summaries["left"]
    assert "10.0 cm" not in summaries["left"]
    assert "knee-to-wall 35.9 degrees, we aim for 36 degrees" in summaries["right"]


def test_a_stance_just_under_ten_seconds_never_reads_ten() -> None:
    result = evaluate_session(
        session=SessionInput(hip=Hip(single_leg_stance_s=PerSide(9.9999999, 30.0)))
    )

    (finding,) = result.findings
    assert "for 9.9 s; we aim for at least 10 s" in finding.summary


@pytest.mark.parametrize(
    ("value", "shown"), [(-0.04, "0"), (-0.0, "0"), (0.04, "0"), (-1.26, "-1.3")]
)
def test_chart_labels_never_read_minus_zero(value: float, shown: str) -> None:
    assert number_text(value) == shown

"""The hip and knee helpers without a database: Kujala scoring and change, strength per kg, units."""

from __future__ import annotations

import pytest

from assessments.core.hip_knee import (
    KUJALA_ITEMS,
    KUJALA_MEANINGFUL_CHANGE,
    dynamometer_not_comparable,
    kujala_change,
    kujala_total,
    kujala_unanswered,
    strength_per_kg,
)


def test_it_has_thirteen_items_whose_best_answers_add_up_to_100() -> None:
    assert [item.number for item in KUJALA_ITEMS] == list(range(1, 14))
    assert sum(item.most for item in KUJALA_ITEMS) == 100


def test_every_item_can_score_zero_and_lists_its_answers_best_first() -> None:
    for item in KUJALA_ITEMS:
        points = [value for value, _ in item.answers]
        assert points == sorted(points, reverse=True)
        assert points[-1] == 0


def test_it_totals_thirteen_answers() -> None:
    answers = [item.most for item in KUJALA_ITEMS]
    assert kujala_total(answers) == 100
    answers[3] = 5  # stairs: pain both ways
    answers[5] = 6  # running: slight pain from the start
    assert kujala_total(answers) == 91


def test_it_gives_no_total_while_an_item_is_unanswered() -> None:
    answers: list[int | None] = [item.most for item in KUJALA_ITEMS]
    answers[2] = None
    answers[6] = None
    assert kujala_total(answers) is None
    assert kujala_unanswered(answers) == [3, 7]


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (60, 70, "improved"),  # exactly 10 points: meaningful
        (60, 69, "within_error"),  # 9 points: less than meaningful
        (60, 60, "within_error"),
        (70, 61, "within_error"),
        (70, 60, "worse"),
        (40, 95, "improved"),
        (100, 0, "worse"),
    ],
)
def test_it_judges_a_kujala_change_against_ten_points(
    before: int, after: int, verdict: str
) -> None:
    change = kujala_change(before=before, after=after)
    assert change.verdict == verdict
    assert change.delta == after - before
    assert change.meaningful is (abs(after - before) >= KUJALA_MEANINGFUL_CHANGE)


@pytest.mark.parametrize(
    ("value", "mass", "expected"),
    [
        (180.0, 70.0, 180 / 70),
        (18.0, 72.0, 0.25),
        (None, 70.0, None),
        (180.0, None, None),
        (180.0, 0.0, None),
    ],
)
def test_it_works_out_strength_per_kg_of_body_mass(
    value: float | None, mass: float | None, expected: float | None
) -> None:
    assert strength_per_kg(value=value, body_mass_kg=mass) == expected


@pytest.mark.parametrize(
    ("before", "after", "note"),
    [
        ("N", "N", ""),
        ("kg", "kg", ""),
        ("N", "kg", "Not comparable: different units (N before, kg now)."),
        ("kg", "N", "Not comparable: different units (kg before, N now)."),
        ("", "N", "Not comparable: the unit of a reading was not recorded."),
        ("N", "", "Not comparable: the unit of a reading was not recorded."),
    ],
)
def test_it_never_compares_readings_in_different_units(
    before: str, after: str, note: str
) -> None:
    assert dynamometer_not_comparable(before_unit=before, after_unit=after) == note

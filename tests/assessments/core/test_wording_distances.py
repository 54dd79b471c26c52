from __future__ import annotations

import pytest

from assessments.core.wording import distance_words, distances_in_text


@pytest.mark.parametrize(
    ("cm", "unit", "words"),
    [
        (6.985, "in", "2.75 in"),  # typed 2.75 in, stored in cm
        (6.985, "cm", "7.0 cm"),
        (10.16, "in", "4.0 in"),
        (7.0, "in", "2.76 in"),
        (7.0, "cm", "7 cm"),
        (11.5, "cm", "11.5 cm"),
        (0.0, "in", "0.0 in"),
        (None, "in", "—"),
        (None, "cm", "—"),
    ],
)
def test_distance_words(cm, unit, words) -> None:
    assert distance_words(cm, unit) == words


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("left knee-to-wall >= 10 cm", "in", "left knee-to-wall >= 3.94 in"),
        (
            "Left knee-to-wall 6.0 cm is under 10 cm",
            "in",
            "Left knee-to-wall 2.36 in is under 3.94 in",
        ),
        ("left knee-to-wall >= 10 cm", "cm", "left knee-to-wall >= 10 cm"),
        ("hold 30 s", "in", "hold 30 s"),
        ("10 cms of rope", "in", "10 cms of rope"),
    ],
)
def test_distances_in_text(text, unit, expected) -> None:
    assert distances_in_text(text, unit) == expected

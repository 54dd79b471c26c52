from __future__ import annotations

import pytest

from assessments.core.wording import (
    ankle_summary_in_inches,
    distance,
    distances_in_text,
    inches_beside,
)


@pytest.mark.parametrize(
    ("cm", "unit", "words"),
    [
        (6.985, "in", "2.75 in"),  # typed 2.75 in, stored in cm
        (6.985, "cm", "7.0 cm"),
        (10.16, "in", "4.0 in"),
        (7.0, "in", "2.76 in"),
        (7.0, "cm", "7.0 cm"),  # a tape measure's precision
        (11.5, "cm", "11.5 cm"),
        (0.0, "in", "0.0 in"),
        (None, "in", "—"),
        (None, "cm", "—"),
    ],
)
def test_distance(cm, unit, words) -> None:
    assert distance(cm, unit) == words


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


@pytest.mark.parametrize(
    ("cm", "below", "expected"),
    [
        (9.995, True, "3.93"),  # 3.935 in would round onto the 3.94 in target
        (6.985, True, "2.75"),
        (3.8, False, "1.5"),
        (1.5, False, "0.6"),  # 0.5906 in would round to 0.59, under the 0.5906 in limit
    ],
)
def test_inches_beside_never_crosses_the_limit(cm, below, expected) -> None:
    limit = 10.0 if below else 1.5
    shown = inches_beside(cm, limit_cm=limit, below=below)
    assert shown == expected


def test_the_ankle_summaries_in_inches_use_the_measured_cm() -> None:
    assert (
        ankle_summary_in_inches(
            code="ankle_dorsiflexion_restricted",
            side="left",
            left_cm=6.985,
            right_cm=None,
        )
        == "Your left ankle bends less than it should: knee-to-wall 2.75 in, we aim for 3.94 in."
    )
    assert ankle_summary_in_inches(
        code="dorsiflexion_asymmetry", side="left", left_cm=6.985, right_cm=11.43
    ) == (
        "Your left ankle bends 1.75 in less than your right (knee-to-wall 2.75 against 4.5 in); "
        "a difference of 0.59 in or more is more than measurement error."
    )
    assert (
        ankle_summary_in_inches(
            code="heels_rise", side="both", left_cm=6.985, right_cm=11.43
        )
        is None
    )

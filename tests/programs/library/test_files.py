"""The shipped drill library's contraindication codes and pain ceilings (CLINICAL.md section 9).

No database: these read programs/drill_library.json as it ships.
"""

from __future__ import annotations

import pytest

from assessments.core.types import CONTRAINDICATION_CODES
from programs.library.checks import safety_problems
from programs.library.files import read_library

DRILLS = read_library()["drills"]
BY_SLUG = {row["slug"]: row for row in DRILLS}
# The rule written in docs/drill-library.md ("Contraindication codes and pain ceilings").
BARBELL_SQUAT_CEILING = 2
LOADED_OR_DEEP_CEILING = 3


def codes(slug: str) -> set[str]:
    return set(BY_SLUG[slug]["contraindication_codes"])


def test_it_gives_every_drill_both_fields() -> None:
    assert len(DRILLS) == 44
    for row in DRILLS:
        assert isinstance(row["contraindication_codes"], list), row["slug"]
        assert "max_pain" in row, row["slug"]


def test_it_uses_only_codes_of_the_vocabulary() -> None:
    for row in DRILLS:
        unknown = set(row["contraindication_codes"]) - set(CONTRAINDICATION_CODES)
        assert not unknown, f"{row['slug']}: {unknown}"
        assert len(row["contraindication_codes"]) == len(
            set(row["contraindication_codes"])
        ), row["slug"]


def test_it_passes_the_check_every_load_makes() -> None:
    for row in DRILLS:
        assert (
            safety_problems(
                contraindication_codes=row["contraindication_codes"],
                max_pain=row["max_pain"],
            )
            == []
        ), row["slug"]


@pytest.mark.parametrize("row", DRILLS, ids=lambda row: row["slug"])
def test_it_gives_no_loading_to_every_loaded_drill_and_no_other(row: dict) -> None:
    assert ("no_loading" in row["contraindication_codes"]) == row["loaded"]


def test_it_rules_the_couch_stretch_out_for_an_irritable_knee_and_kneeling() -> None:
    assert {"irritable_anterior_knee", "no_kneeling"} <= codes("couch-stretch")


def test_it_gives_the_barbell_squat_the_ceiling_its_own_text_gives() -> None:
    row = BY_SLUG["loaded-front-squat"]
    assert any("no higher than 2/10" in line for line in row["contraindications"])
    assert row["max_pain"] == BARBELL_SQUAT_CEILING


@pytest.mark.parametrize("row", DRILLS, ids=lambda row: row["slug"])
def test_it_follows_the_documented_pain_ceiling_rule(row: dict) -> None:
    loaded_or_deep = (
        row["loaded"] or "no_deep_knee_flexion" in row["contraindication_codes"]
    )
    if row["slug"] == "loaded-front-squat":
        expected = BARBELL_SQUAT_CEILING
    elif loaded_or_deep:
        expected = LOADED_OR_DEEP_CEILING
    else:
        expected = None
    assert row["max_pain"] == expected


@pytest.mark.parametrize("row", DRILLS, ids=lambda row: row["slug"])
def test_it_rules_deep_loaded_bending_out_for_an_irritable_knee(
    row: dict,
) -> None:
    drill_codes = set(row["contraindication_codes"])
    if {"no_loading", "no_deep_knee_flexion"} <= drill_codes:
        assert "irritable_anterior_knee" in drill_codes
    if "irritable_anterior_knee" in drill_codes:
        # Section 9 names two reasons only: a kneeling stretch, deep loaded bending.
        assert (
            "no_kneeling" in drill_codes
            or {
                "no_loading",
                "no_deep_knee_flexion",
            }
            <= drill_codes
        )


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("half-kneeling-hip-flexor-stretch", "no_kneeling"),
        ("half-kneeling-overhead-reach", "no_kneeling"),
        ("bird-dog", "no_kneeling"),
        ("knee-to-wall-rocks", "no_kneeling"),
        ("loaded-front-squat", "no_deep_knee_flexion"),
        ("rear-foot-elevated-split-squat", "no_deep_knee_flexion"),
        ("high-box-step-down", "no_deep_knee_flexion"),
        ("couch-stretch", "no_deep_knee_flexion"),
    ],
)
def test_it_gives_kneeling_and_deep_bending_drills_their_code(
    slug: str, code: str
) -> None:
    assert code in codes(slug)


@pytest.mark.parametrize("row", DRILLS, ids=lambda row: row["slug"])
def test_it_gives_no_single_leg_to_the_single_leg_drills_only(row: dict) -> None:
    slug = row["slug"]
    one_leg = any(word in slug for word in ("single-leg", "step-down", "split-squat"))
    assert ("no_single_leg" in row["contraindication_codes"]) == one_leg


def test_it_has_no_impact_drill_yet() -> None:
    # Nothing jumps, hops or runs yet; a drill that does must carry no_impact.
    assert not [
        row["slug"] for row in DRILLS if "no_impact" in row["contraindication_codes"]
    ]


def test_it_keeps_the_knee_friendly_ladder_open_to_a_painful_knee() -> None:
    # The ladder made for an irritable knee must not be ruled out by one.
    for row in DRILLS:
        if row["ladder"] == "knee_pain":
            assert row["contraindication_codes"] == [], row["slug"]
            assert row["max_pain"] is None, row["slug"]

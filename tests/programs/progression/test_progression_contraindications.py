"""Nothing unsafe reaches the client: refer-out, clearance, contraindications and pain ceilings.

CLINICAL.md sections 4, 8 and 9; the builder's side of DESIGN.md contract version 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from assessments.core.findings import Change, Finding
from assessments.core.types import CONTRAINDICATION_CODES, Clearance
from programs.progression.builder import (
    CatalogueDrill,
    Progression,
    Skipped,
    build_progression,
    programming_status,
)
from programs.progression.catalogue import catalogue_from_library
from programs.progression.rules import exclusion_reason
from tests.programs.progression.test_progression import (
    make_finding,
    make_library,
    seed_findings,
)


def tagged_catalogue(
    *,
    codes: Mapping[str, tuple[str, ...]] | None = None,
    max_pain: Mapping[str, int] | None = None,
) -> tuple[CatalogueDrill, ...]:
    """The test library with contraindication codes and pain ceilings on some drills, read as a file."""
    library = make_library()
    for row in library["drills"]:
        row["contraindications"] = ["Words for people, never read by the engine."]
        if codes and row["slug"] in codes:
            row["contraindication_codes"] = list(codes[row["slug"]])
        if max_pain and row["slug"] in max_pain:
            row["max_pain"] = max_pain[row["slug"]]
    return catalogue_from_library(library)


def slugs(progression: Progression) -> list[set[str]]:
    return [{d.slug for d in phase.drills} for phase in progression.phases]


def ladder_slugs(progression: Progression, ladder: str) -> list[list[str]]:
    return [
        sorted({d.slug for d in phase.drills if d.ladder == ladder})
        for phase in progression.phases
    ]


def change(field: str, verdict: str, delta: float = 0.0) -> Change:
    return Change(
        field=field, before=None, after=None, delta=delta, mdc=1.9, verdict=verdict
    )


# --- refer-out and clearance ------------------------------------------------------


@pytest.mark.parametrize(
    ("contraindications", "knee_pain", "previous_rungs"),
    [
        ((), None, None),
        (("no_kneeling",), 3, None),
        ((), 8, {"ankle": "weighted-dorsiflexion-pulses"}),
    ],
)
def test_it_gives_no_progression_at_all_when_referred_out_without_a_clearance(
    contraindications: tuple[str, ...],
    knee_pain: int | None,
    previous_rungs: dict[str, str] | None,
) -> None:
    progression = build_progression(
        findings=[*seed_findings(), make_finding("refer_out")],
        refer_out=True,
        catalogue=tagged_catalogue(codes={"clamshell": ("no_kneeling",)}),
        contraindications=contraindications,
        knee_pain=knee_pain,
        previous_rungs=previous_rungs,
    )

    assert progression == Progression(phases=(), skipped=(), unaddressed=())


@pytest.mark.parametrize(
    ("restrictions", "previous_rungs", "loaded_in_strengthen"),
    [
        ((), None, True),
        (("no_kneeling",), None, True),
        (("no_kneeling",), {"squat": "tempo-goblet-squat"}, True),
        (("no_loading",), {"squat": "tempo-goblet-squat"}, False),
    ],
)
def test_it_builds_a_cleared_program_with_restrictions_and_unloaded_restore_and_control(
    restrictions: tuple[str, ...],
    previous_rungs: dict[str, str] | None,
    loaded_in_strengthen: bool,
) -> None:
    catalogue = tagged_catalogue(
        codes={
            "banded-ankle-distraction": ("no_kneeling",),
            "lateral-step-down": ("no_kneeling", "no_single_leg"),
        }
    )

    progression = build_progression(
        findings=[*seed_findings(), make_finding("refer_out")],
        refer_out=True,
        cleared=True,
        catalogue=catalogue,
        contraindications=restrictions,
        previous_rungs=previous_rungs,
    )

    by_slug = {d.slug: d for d in catalogue}
    assert [p.name for p in progression.phases] == ["Restore", "Control", "Strengthen"]
    for phase in progression.phases:
        for drill in phase.drills:
            assert not set(by_slug[drill.slug].contraindications) & set(restrictions)
    assert not [d.slug for p in progression.phases[:2] for d in p.drills if d.loaded]
    strengthen_loaded = [d.slug for d in progression.phases[2].drills if d.loaded]
    assert bool(strengthen_loaded) is loaded_in_strengthen


def test_it_holds_every_phase_unloaded_when_a_cleared_client_has_rising_pain() -> None:
    progression = build_progression(
        findings=seed_findings(),
        refer_out=True,
        cleared=True,
        pain_rising=True,
        catalogue=tagged_catalogue(),
    )

    assert [p.name for p in progression.phases] == ["Restore", "Control"]
    assert not [d.slug for p in progression.phases for d in p.drills if d.loaded]


@pytest.mark.parametrize(
    ("refer_out", "assessed_on", "clearance", "expected"),
    [
        (False, date(2026, 11, 2), None, "program"),
        (False, None, None, "program"),
        (False, date(2026, 11, 2), Clearance(cleared_on=date(2026, 10, 1)), "program"),
        (True, date(2026, 11, 2), None, "refer_out"),
        (True, date(2026, 11, 2), Clearance(cleared_on=date(2026, 11, 1)), "refer_out"),
        (True, date(2026, 11, 2), Clearance(cleared_on=date(2026, 11, 2)), "cleared"),
        (True, date(2026, 11, 2), Clearance(cleared_on=date(2026, 12, 1)), "cleared"),
        # A session with no date cannot be shown to be older than the clearance.
        (True, None, Clearance(cleared_on=date(2026, 12, 1)), "refer_out"),
    ],
)
def test_it_says_program_refer_out_or_cleared(
    refer_out: bool,
    assessed_on: date | None,
    clearance: Clearance | None,
    expected: str,
) -> None:
    assert (
        programming_status(
            refer_out=refer_out, assessed_on=assessed_on, clearance=clearance
        )
        == expected
    )


# --- contraindication codes -------------------------------------------------------

# For each code, a drill the seed scenario would give (or, for no_loading, the
# loaded rung Strengthen would give) and the ladder it sits on.
TAGGED_FOR_CODE = {
    "no_kneeling": ("banded-ankle-distraction", "ankle"),
    "no_deep_knee_flexion": ("heel-elevated-box-squat", "squat"),
    "no_loading": ("heel-elevated-goblet-squat", "squat"),
    "no_single_leg": ("lateral-step-down", "knee_control"),
    "no_impact": ("banded-side-steps", "hip_abductors"),
    "irritable_anterior_knee": ("knee-to-wall-rocks", "ankle"),
}


def test_it_has_a_tagged_drill_for_every_code() -> None:
    assert set(TAGGED_FOR_CODE) == set(CONTRAINDICATION_CODES)


@pytest.mark.parametrize("code", CONTRAINDICATION_CODES)
def test_it_never_prescribes_a_drill_carrying_a_client_code_and_lists_the_skip_once(
    code: str,
) -> None:
    slug, ladder = TAGGED_FOR_CODE[code]
    # no_loading needs no tag: every loaded drill carries it implicitly.
    catalogue = tagged_catalogue(codes={} if code == "no_loading" else {slug: (code,)})
    free = build_progression(
        findings=seed_findings(), refer_out=False, catalogue=catalogue
    )
    assert any(slug in phase for phase in slugs(free))  # the engine wants it

    progression = build_progression(
        findings=seed_findings(),
        refer_out=False,
        catalogue=catalogue,
        contraindications=[code],
    )

    assert not any(slug in phase for phase in slugs(progression))
    by_slug = {d.slug: d for d in catalogue}
    for phase in progression.phases:
        for drill in phase.drills:
            assert code not in by_slug[drill.slug].contraindications
            assert not (code == "no_loading" and drill.loaded)
    assert [s for s in progression.skipped if s.slug == slug] == [
        Skipped(slug=slug, ladder=ladder, reason=f"contraindication:{code}")
    ]
    assert progression.unaddressed == ()


ANKLE_LEFT = make_finding("ankle_dorsiflexion_restricted", "left")


@pytest.mark.parametrize(
    ("findings", "contraindications", "excluded"),
    [
        ([ANKLE_LEFT, make_finding("anterior_knee_pain")], (), True),
        ([ANKLE_LEFT], ("irritable_anterior_knee",), True),
        ([ANKLE_LEFT], (), False),
        ([ANKLE_LEFT, make_finding("knee_valgus", "left")], ("no_kneeling",), False),
    ],
)
def test_it_applies_irritable_anterior_knee_for_an_anterior_knee_pain_finding(
    findings: list[Finding], contraindications: tuple[str, ...], excluded: bool
) -> None:
    catalogue = tagged_catalogue(
        codes={"banded-ankle-distraction": ("irritable_anterior_knee",)}
    )

    progression = build_progression(
        findings=findings,
        refer_out=False,
        catalogue=catalogue,
        contraindications=contraindications,
    )

    # Control would step the ankle up onto the tagged rung; excluded, it holds.
    expected = "calf-soleus-stretch" if excluded else "banded-ankle-distraction"
    assert ladder_slugs(progression, "ankle")[1] == [expected]
    assert progression.skipped == (
        (
            Skipped(
                "banded-ankle-distraction",
                "ankle",
                "contraindication:irritable_anterior_knee",
            ),
        )
        if excluded
        else ()
    )


def test_it_reports_the_first_code_of_the_vocabulary_when_several_apply() -> None:
    catalogue = tagged_catalogue(
        codes={"lateral-step-down": ("no_single_leg", "no_kneeling")}
    )

    progression = build_progression(
        findings=seed_findings(),
        refer_out=False,
        catalogue=catalogue,
        contraindications=("no_single_leg", "no_kneeling"),
        knee_pain=9,
    )

    assert [s.reason for s in progression.skipped] == ["contraindication:no_kneeling"]


# --- pain ceilings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("knee_pain", "given"),
    [(None, True), (0, True), (3, True), (4, False), (10, False)],
)
def test_it_never_gives_a_drill_above_its_pain_ceiling(
    knee_pain: int | None, given: bool
) -> None:
    catalogue = tagged_catalogue(max_pain={"supported-step-down": 3})

    progression = build_progression(
        findings=seed_findings(),
        refer_out=False,
        catalogue=catalogue,
        knee_pain=knee_pain,
    )

    assert any("supported-step-down" in phase for phase in slugs(progression)) is given
    skipped = [s for s in progression.skipped if s.slug == "supported-step-down"]
    assert skipped == (
        [] if given else [Skipped("supported-step-down", "knee_control", "max_pain:3")]
    )
    # knee_control has no lower rung: it is left out, and hip_abductors still
    # answers the left knee valgus.
    assert bool(ladder_slugs(progression, "knee_control")[0]) is given
    assert progression.unaddressed == ()


@pytest.mark.parametrize(
    ("drill_codes", "loaded", "max_pain", "client_codes", "knee_pain", "reason"),
    [
        ((), False, None, ("no_kneeling",), 9, ""),
        (
            ("no_kneeling",),
            False,
            None,
            ("no_kneeling",),
            None,
            "contraindication:no_kneeling",
        ),
        (("no_kneeling",), False, None, ("no_impact",), None, ""),
        ((), True, None, ("no_loading",), None, "contraindication:no_loading"),
        ((), False, None, ("no_loading",), None, ""),
        ((), False, 2, (), 2, ""),
        ((), False, 2, (), 3, "max_pain:2"),
        ((), False, 0, (), 1, "max_pain:0"),
        ((), False, 2, (), None, ""),
        (("no_impact",), False, 2, ("no_impact",), 3, "contraindication:no_impact"),
    ],
)
def test_it_gives_the_reason_a_drill_is_excluded(
    drill_codes: tuple[str, ...],
    loaded: bool,
    max_pain: int | None,
    client_codes: tuple[str, ...],
    knee_pain: int | None,
    reason: str,
) -> None:
    assert (
        exclusion_reason(
            drill_codes=drill_codes,
            loaded=loaded,
            max_pain=max_pain,
            contraindications=client_codes,
            knee_pain=knee_pain,
        )
        == reason
    )


# --- nearest lower rung, ladders left out, never two rungs ------------------------


@pytest.mark.parametrize(
    ("previous", "verdict", "tagged", "slug", "move"),
    [
        # Wanted one up onto an excluded rung: hold.
        (
            "banded-ankle-distraction",
            "improved",
            ("knee-to-wall-rocks",),
            "banded-ankle-distraction",
            "hold",
        ),
        # Wanted to hold on an excluded rung: the nearest lower one.
        (
            "knee-to-wall-rocks",
            "within_error",
            ("knee-to-wall-rocks",),
            "banded-ankle-distraction",
            "down",
        ),
        # Two excluded rungs in a row: down past both, never up.
        (
            "knee-to-wall-rocks",
            "within_error",
            ("knee-to-wall-rocks", "banded-ankle-distraction"),
            "calf-soleus-stretch",
            "down",
        ),
        # Wanted one down onto an excluded rung: further down.
        (
            "knee-to-wall-rocks",
            "worse",
            ("banded-ankle-distraction",),
            "calf-soleus-stretch",
            "down",
        ),
    ],
)
def test_it_takes_the_nearest_lower_allowed_rung(
    previous: str, verdict: str, tagged: tuple[str, ...], slug: str, move: str
) -> None:
    catalogue = tagged_catalogue(codes=dict.fromkeys(tagged, ("no_kneeling",)))

    progression = build_progression(
        findings=[make_finding("ankle_dorsiflexion_restricted", "left")],
        refer_out=False,
        catalogue=catalogue,
        changes=[change("dorsiflexion.left_cm", verdict, 2.0)],
        previous_rungs={"ankle": previous},
        contraindications=("no_kneeling",),
    )

    first = progression.phases[0].drills[0]
    assert (first.slug, first.move) == (slug, move)
    assert "is left out (conflicts with: No kneeling)" in first.move_reason
    rungs = {d.slug: d.rung for d in catalogue}
    wanted_and_passed = {s for s in tagged if rungs[s] > rungs[slug]}
    assert {s.slug for s in progression.skipped} == wanted_and_passed


def test_it_never_steps_over_an_excluded_rung_between_phases() -> None:
    catalogue = tagged_catalogue(max_pain={"lateral-step-down": 2})

    progression = build_progression(
        findings=[make_finding("knee_valgus", "left")],
        refer_out=False,
        catalogue=catalogue,
        knee_pain=4,
    )

    # high-box-step-down is allowed, but two rungs up is never a step.
    assert ladder_slugs(progression, "knee_control") == [["supported-step-down"]] * 3
    assert progression.skipped == (
        Skipped("lateral-step-down", "knee_control", "max_pain:2"),
    )


@pytest.mark.parametrize(
    ("findings", "tags", "unaddressed", "ladders"),
    [
        # knee_pain is the only ladder for anterior knee pain: left out, reported.
        (
            [make_finding("anterior_knee_pain"), make_finding("quad_dominance")],
            {"wall-sit-isometric": ("no_deep_knee_flexion",)},
            ("anterior_knee_pain",),
            {"glute_max"},
        ),
        # The only finding: no phase at all, and still reported.
        (
            [make_finding("anterior_knee_pain")],
            {"wall-sit-isometric": ("no_deep_knee_flexion",)},
            ("anterior_knee_pain",),
            set(),
        ),
        # foot is left out; the ankle rungs do not list foot collapse in their
        # own codes, so the easiest other drill that does answers it.
        (
            [make_finding("foot_collapse", "right")],
            {"short-foot": ("no_deep_knee_flexion",)},
            (),
            {"self_check"},
        ),
        # Both ladders for knee valgus left out on the first rung: the easiest
        # other drill that lists the code answers it.
        (
            [make_finding("knee_valgus", "left"), make_finding("heel_rise")],
            {
                "clamshell": ("no_deep_knee_flexion",),
                "supported-step-down": ("no_deep_knee_flexion",),
            },
            (),
            {"squat", "self_check"},
        ),
        # ... and when that one is excluded too, knee valgus is left bare.
        (
            [make_finding("knee_valgus", "left"), make_finding("heel_rise")],
            {
                "clamshell": ("no_deep_knee_flexion",),
                "supported-step-down": ("no_deep_knee_flexion",),
                "film-your-squat": ("no_deep_knee_flexion",),
            },
            ("knee_valgus",),
            {"squat"},
        ),
    ],
)
def test_it_leaves_out_a_ladder_with_no_allowed_rung_and_reports_what_is_left_bare(
    findings: list[Finding],
    tags: dict[str, tuple[str, ...]],
    unaddressed: tuple[str, ...],
    ladders: set[str],
) -> None:
    progression = build_progression(
        findings=findings,
        refer_out=False,
        catalogue=tagged_catalogue(codes=tags),
        contraindications=("no_deep_knee_flexion",),
    )

    assert progression.unaddressed == unaddressed
    assert {d.ladder for p in progression.phases for d in p.drills} == ladders
    assert {s.slug for s in progression.skipped} == set(tags)
    for phase in progression.phases:
        reasons = {code for d in phase.drills for code in d.reasons}
        assert not reasons & set(unaddressed)
        assert reasons == {f.code for f in findings} - set(unaddressed)


def test_it_reads_codes_and_pain_ceilings_from_the_library_file_not_the_words() -> None:
    catalogue = {
        d.slug: d
        for d in tagged_catalogue(
            codes={"clamshell": ("no_kneeling",)}, max_pain={"clamshell": 4}
        )
    }

    assert (
        catalogue["clamshell"].contraindications,
        catalogue["clamshell"].max_pain,
    ) == (
        ("no_kneeling",),
        4,
    )
    assert (
        catalogue["glute-bridge"].contraindications,
        catalogue["glute-bridge"].max_pain,
    ) == (
        (),
        None,
    )


@pytest.mark.parametrize("max_pain", [11, -1, "3", True, 2.5])
def test_it_refuses_a_pain_ceiling_outside_0_to_10(max_pain: object) -> None:
    library = make_library()
    library["drills"][0]["max_pain"] = max_pain

    with pytest.raises(ValueError, match=f"{library['drills'][0]['slug']}: max_pain"):
        catalogue_from_library(library)

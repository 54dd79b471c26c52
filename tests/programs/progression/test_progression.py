"""The pure progression builder: phases, sides, loading and re-assessment moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessments.core.findings import Change, Evidence, Finding
from programs.progression.builder import CatalogueDrill, Phase, build_progression
from programs.progression.catalogue import catalogue_from_library

# ladder -> (region, finding codes, rungs easiest first as
# (slug, purpose, loaded, per_side, cues)); mirrors CLINICAL.md section 6.
LADDERS: dict[str, tuple[str, tuple[str, ...], tuple[tuple, ...]]] = {
    "ankle": (
        "ankle",
        ("ankle_dorsiflexion_restricted", "dorsiflexion_asymmetry", "feet_turn_out"),
        (
            ("calf-soleus-stretch", "mobility", False, True, ()),
            ("banded-ankle-distraction", "mobility", False, True, ()),
            ("knee-to-wall-rocks", "control", False, True, ("knee over middle toe",)),
            ("weighted-dorsiflexion-pulses", "strength", True, True, ()),
            ("split-squat-forward-knee-travel", "strength", True, True, ()),
        ),
    ),
    "squat": (
        "whole_body",
        ("heel_rise", "forward_lean"),
        (
            (
                "heel-elevated-box-squat",
                "control",
                False,
                False,
                ("knee over middle toe", "drive through the heel"),
            ),
            ("heel-elevated-goblet-squat", "strength", True, False, ()),
            ("tempo-goblet-squat", "strength", True, False, ()),
            ("loaded-front-squat", "strength", True, False, ()),
        ),
    ),
    "hip_abductors": (
        "hip",
        ("knee_valgus", "hip_abductor_weakness"),
        (
            ("clamshell", "activation", False, True, ()),
            ("banded-side-steps", "activation", False, False, ()),
            ("banded-lateral-walk-quarter-squat", "control", False, False, ()),
            ("single-leg-balance-with-band", "control", False, True, ()),
        ),
    ),
    "glute_max": (
        "hip",
        ("low_back_arch", "quad_dominance"),
        (
            ("glute-bridge", "activation", False, False, ("drive through the heel",)),
            ("single-leg-bridge", "activation", False, True, ()),
            ("hip-thrust", "strength", True, False, ()),
            ("single-leg-rdl", "strength", True, True, ()),
        ),
    ),
    "knee_control": (
        "knee",
        ("knee_valgus",),
        (
            ("supported-step-down", "control", False, True, ("knee over middle toe",)),
            ("lateral-step-down", "control", False, True, ()),
            ("high-box-step-down", "control", False, True, ()),
            ("split-squat", "control", False, True, ()),
            ("rear-foot-elevated-split-squat", "strength", True, True, ()),
        ),
    ),
    "knee_pain": (
        "knee",
        ("anterior_knee_pain",),
        (
            ("wall-sit-isometric", "activation", False, False, ()),
            ("spanish-squat-isometric", "activation", False, False, ()),
            ("reduced-range-heel-elevated-squat", "control", False, False, ()),
        ),
    ),
    "balance": (
        "whole_body",
        ("poor_single_leg_balance",),
        (
            ("single-leg-stance-eyes-open", "control", False, True, ()),
            ("single-leg-stance-eyes-closed", "control", False, True, ()),
            ("single-leg-stance-soft-surface", "control", False, True, ()),
            ("single-leg-stance-reach", "control", False, True, ()),
        ),
    ),
    "foot": (
        "foot",
        ("foot_collapse",),
        (
            ("short-foot", "activation", False, True, ()),
            ("short-foot-single-leg-stance", "control", False, True, ()),
            ("short-foot-step-down", "control", False, True, ()),
        ),
    ),
    "hip_flexors": (
        "hip",
        ("low_back_arch", "forward_lean"),
        (
            ("half-kneeling-hip-flexor-stretch", "mobility", False, True, ()),
            ("half-kneeling-hip-flexor-stretch-reach", "mobility", False, True, ()),
        ),
    ),
    "trunk": (
        "trunk",
        ("low_back_arch",),
        (
            ("dead-bug", "activation", False, False, ()),
            ("bird-dog", "control", False, False, ()),
        ),
    ),
    "self_check": (
        "whole_body",
        ("heel_rise", "knee_valgus", "foot_collapse"),
        (("film-your-squat", "control", False, False, ()),),
    ),
}


def make_library(*, without: tuple[str, ...] = ()) -> dict:
    drills = []
    for ladder, (region, codes, rungs) in LADDERS.items():
        if ladder in without:
            continue
        for index, (slug, purpose, loaded, per_side, cues) in enumerate(rungs):
            following = rungs[index + 1][0] if index + 1 < len(rungs) else None
            drills.append(
                {
                    "slug": slug,
                    "name": slug.replace("-", " ").capitalize(),
                    "ladder": ladder,
                    "next": following,
                    "region": region,
                    "purpose": purpose,
                    "loaded": loaded,
                    "dose": {
                        "sets": 2,
                        "reps": 10,
                        "seconds": None,
                        "tempo": None,
                        "per_side": per_side,
                    },
                    "cues": list(cues),
                    "contraindications": [],
                    "finding_codes": list(codes),
                    "instructions": "",
                    "media_url": "",
                }
            )
    # One single-rung release drill with no ladder of its own.
    drills.append(
        {
            "slug": "foam-roll-calf",
            "name": "Foam roll calf",
            "region": "ankle",
            "purpose": "mobility",
            "loaded": False,
            "dose": {"sets": 1, "seconds": 60, "per_side": True},
            "finding_codes": ["feet_turn_out"],
        }
    )
    return {"ladders": [{"key": key} for key in LADDERS], "drills": drills}


def make_catalogue(*, without: tuple[str, ...] = ()) -> tuple[CatalogueDrill, ...]:
    return catalogue_from_library(make_library(without=without))


def make_finding(
    code: str,
    side: str | None = None,
    *,
    severity: str = "moderate",
    field: str = "observed",
    value: float | bool = True,
) -> Finding:
    return Finding(
        code=code,
        side=side,
        severity=severity,
        evidence=(Evidence(field=field, value=value, rule="test", source="test"),),
        summary=f"{code} {side or ''}".strip(),
    )


def seed_findings() -> list[Finding]:
    return [
        make_finding(
            "ankle_dorsiflexion_restricted",
            "left",
            field="dorsiflexion.left_cm",
            value=7.0,
        ),
        make_finding(
            "dorsiflexion_asymmetry", "left", field="dorsiflexion.left_cm", value=7.0
        ),
        make_finding("heel_rise", field="squat.heels_rise"),
        make_finding("knee_valgus", "left", field="hip.step_down_valgus.left"),
    ]


def rows(phase: Phase) -> list[tuple[str, str | None, int, tuple[str, ...]]]:
    return [(d.slug, d.side, d.sets, d.reasons) for d in phase.drills]


def test_it_builds_the_seed_scenario_phase_by_phase() -> None:
    phases = build_progression(
        findings=seed_findings(), refer_out=False, catalogue=make_catalogue()
    ).phases

    assert [(p.number, p.name, p.weeks) for p in phases] == [
        (1, "Restore", 2),
        (2, "Control", 2),
        (3, "Strengthen", 2),
    ]
    # The test ankle rungs do not list heel rise in their own codes: only the
    # squat ladder answers it (CLINICAL.md section 12).
    ankle_reasons = ("ankle_dorsiflexion_restricted", "dorsiflexion_asymmetry")
    assert rows(phases[0]) == [
        ("calf-soleus-stretch", "left", 3, ankle_reasons),
        ("clamshell", "left", 2, ("knee_valgus",)),
        ("supported-step-down", "left", 2, ("knee_valgus",)),
        ("heel-elevated-box-squat", None, 2, ("heel_rise",)),
    ]
    assert rows(phases[1]) == [
        ("banded-ankle-distraction", "left", 3, ankle_reasons),
        ("banded-side-steps", None, 2, ("knee_valgus",)),
        ("lateral-step-down", "left", 2, ("knee_valgus",)),
        ("heel-elevated-box-squat", None, 2, ("heel_rise",)),  # next rung is loaded
    ]
    assert [d.slug for d in phases[2].drills if d.loaded] == [
        "heel-elevated-goblet-squat"
    ]
    cues = {cue for drill in phases[0].drills for cue in drill.cues}
    assert {"knee over middle toe", "drive through the heel"} <= cues


def test_it_ties_exit_criteria_to_the_measures() -> None:
    findings = [
        *seed_findings(),
        make_finding("anterior_knee_pain", field="pain.knee_nrs", value=4),
        make_finding(
            "poor_single_leg_balance",
            "left",
            field="hip.single_leg_stance_s.left",
            value=6,
        ),
    ]

    phases = build_progression(
        findings=findings, refer_out=False, catalogue=make_catalogue()
    ).phases

    restore, control, strengthen = (set(p.exit_criteria) for p in phases)
    assert (
        "left knee-to-wall >= 8.9 cm (up from 7.0 cm by more than the 1.9 cm measurement error)"
        in restore
    )
    assert "left knee-to-wall >= 10 cm" in control
    assert "left knee-to-wall within 1.5 cm of the right" in control
    assert "no knee valgus on the left step-down" in restore
    assert "knee pain <= 2/10 during the squat" in control
    assert "single-leg stance >= 10 s on the left" in strengthen
    assert any("loaded drills" in c for c in strengthen)


@pytest.mark.parametrize(
    ("findings", "slug", "expected"),
    [
        (
            [make_finding("knee_valgus", "left"), make_finding("knee_valgus", "right")],
            "clamshell",
            [("clamshell", "both", 2, ("knee_valgus",))],
        ),
        (
            [make_finding("knee_valgus", "both")],
            "clamshell",
            [("clamshell", "both", 2, ("knee_valgus",))],
        ),
        (
            [make_finding("poor_single_leg_balance")],
            "single-leg-stance-eyes-open",
            [("single-leg-stance-eyes-open", "both", 2, ("poor_single_leg_balance",))],
        ),
        (
            [
                make_finding("ankle_dorsiflexion_restricted", "left"),
                make_finding("ankle_dorsiflexion_restricted", "right"),
                make_finding("dorsiflexion_asymmetry", "left"),
            ],
            "calf-soleus-stretch",
            [
                (
                    "calf-soleus-stretch",
                    "left",
                    3,
                    ("ankle_dorsiflexion_restricted", "dorsiflexion_asymmetry"),
                ),
                (
                    "calf-soleus-stretch",
                    "right",
                    2,
                    ("ankle_dorsiflexion_restricted",),
                ),
            ],
        ),
        (
            [make_finding("quad_dominance")],
            "glute-bridge",
            [("glute-bridge", None, 2, ("quad_dominance",))],
        ),
    ],
)
def test_it_prescribes_the_right_sides(
    findings: list[Finding], slug: str, expected: list[tuple]
) -> None:
    phases = build_progression(
        findings=findings, refer_out=False, catalogue=make_catalogue()
    ).phases

    assert [row for row in rows(phases[0]) if row[0] == slug] == expected


@pytest.mark.parametrize(
    ("refer_out", "cleared", "pain_rising", "phase_names"),
    [
        (False, False, True, ["Restore", "Control"]),
        (True, True, True, ["Restore", "Control"]),
        (True, True, False, ["Restore", "Control", "Strengthen"]),
    ],
)
def test_it_never_loads_before_strengthen_when_cleared_or_while_pain_rises(
    refer_out: bool, cleared: bool, pain_rising: bool, phase_names: list[str]
) -> None:
    findings = [*seed_findings(), make_finding("refer_out")]
    previous = {"squat": "tempo-goblet-squat", "ankle": "weighted-dorsiflexion-pulses"}

    phases = build_progression(
        findings=findings,
        refer_out=refer_out,
        cleared=cleared,
        pain_rising=pain_rising,
        catalogue=make_catalogue(),
        previous_rungs=previous,
    ).phases

    assert [p.name for p in phases] == phase_names
    assert not [d.slug for p in phases[:2] for d in p.drills if d.loaded]
    for phase in phases:
        answered = {code for drill in phase.drills for code in drill.reasons}
        assert answered == {f.code for f in seed_findings()}
    squat = next(d for d in phases[0].drills if d.ladder == "squat")
    assert (squat.slug, squat.move) == ("heel-elevated-box-squat", "down")
    assert "so back to the last unloaded rung" in squat.move_reason


@pytest.mark.parametrize("pain_rising", [False, True])
def test_it_gives_no_drill_at_all_when_referred_out_without_clearance(
    pain_rising: bool,
) -> None:
    progression = build_progression(
        findings=[*seed_findings(), make_finding("refer_out")],
        refer_out=True,
        pain_rising=pain_rising,
        catalogue=make_catalogue(),
        previous_rungs={"ankle": "knee-to-wall-rocks"},
    )

    assert progression.phases == ()


def change(
    field: str, verdict: str, delta: float = 0.0, mdc: float | None = 1.9
) -> Change:
    return Change(
        field=field, before=None, after=None, delta=delta, mdc=mdc, verdict=verdict
    )


@pytest.mark.parametrize(
    ("previous", "changes", "pain_rising", "slug", "move", "reason"),
    [
        (
            "banded-ankle-distraction",
            [change("dorsiflexion.left_cm", "improved", 2.4)],
            False,
            "knee-to-wall-rocks",
            "up",
            "left knee-to-wall improved 2.4 cm, more than the 1.9 cm measurement error",
        ),
        (
            "banded-ankle-distraction",
            [change("dorsiflexion.left_cm", "within_error", 1.2)],
            False,
            "banded-ankle-distraction",
            "hold",
            "left knee-to-wall changed 1.2 cm, within the 1.9 cm measurement error",
        ),
        (
            "banded-ankle-distraction",
            [
                Change(
                    field="dorsiflexion.left_cm",
                    before=4.0,
                    after=8.0,
                    delta=4.0,
                    mdc=1.9,
                    verdict="not_comparable",
                    note="shoes then, barefoot now",
                )
            ],
            False,
            "banded-ankle-distraction",
            "hold",
            "left knee-to-wall is not comparable between the two sessions (shoes then, barefoot now)",
        ),
        (
            "knee-to-wall-rocks",
            [change("dorsiflexion.left_cm", "worse", -2.0)],
            False,
            "banded-ankle-distraction",
            "down",
            "left knee-to-wall got worse by 2.0 cm, more than the 1.9 cm measurement error",
        ),
        (
            "knee-to-wall-rocks",
            [change("dorsiflexion.right_cm", "improved", 3.0)],
            False,
            "knee-to-wall-rocks",
            "hold",
            "no left knee-to-wall re-test to compare",
        ),
        (
            "knee-to-wall-rocks",
            [change("dorsiflexion.left_cm", "improved", 3.0)],
            True,
            "banded-ankle-distraction",
            "down",
            "knee pain is rising",
        ),
        (
            "calf-soleus-stretch",
            [change("dorsiflexion.left_cm", "worse", -2.0)],
            False,
            "calf-soleus-stretch",
            "hold",
            "already on the first rung",
        ),
        (
            "knee-to-wall-rocks",
            [change("dorsiflexion.left_cm", "improved", 2.0)],
            False,
            "knee-to-wall-rocks",
            "hold",
            "the next rung is loaded and loaded rungs wait for the Strengthen phase",
        ),
        (
            "weighted-dorsiflexion-pulses",
            [change("dorsiflexion.left_cm", "improved", 2.0)],
            False,
            "split-squat-forward-knee-travel",
            "up",
            "left knee-to-wall improved 2.0 cm",
        ),
        (
            "split-squat-forward-knee-travel",
            [change("dorsiflexion.left_cm", "improved", 2.0)],
            False,
            "split-squat-forward-knee-travel",
            "hold",
            "already on the top rung",
        ),
    ],
)
def test_it_moves_each_ladder_one_rung_on_reassessment(
    previous: str,
    changes: list[Change],
    pain_rising: bool,
    slug: str,
    move: str,
    reason: str,
) -> None:
    findings = [
        make_finding(
            "ankle_dorsiflexion_restricted",
            "left",
            field="dorsiflexion.left_cm",
            value=8.0,
        )
    ]

    phases = build_progression(
        findings=findings,
        refer_out=False,
        pain_rising=pain_rising,
        catalogue=make_catalogue(),
        changes=changes,
        previous_rungs={"ankle": previous},
    ).phases

    first = phases[0].drills[0]
    assert (first.slug, first.side, first.move) == (slug, "left", move)
    assert reason in first.move_reason
    assert all(d.move is None for p in phases[1:] for d in p.drills)


def test_it_reads_the_sided_previous_rung_before_the_ladder_one() -> None:
    findings = [
        make_finding("ankle_dorsiflexion_restricted", "left"),
        make_finding("ankle_dorsiflexion_restricted", "right"),
    ]
    changes = [
        change("dorsiflexion.left_cm", "improved", 2.5),
        change("dorsiflexion.right_cm", "within_error", 0.5),
    ]

    phases = build_progression(
        findings=findings,
        refer_out=False,
        catalogue=make_catalogue(),
        changes=changes,
        previous_rungs={
            "ankle:left": "calf-soleus-stretch",
            "ankle": "banded-ankle-distraction",
        },
    ).phases

    assert [(d.slug, d.side, d.move) for d in phases[0].drills] == [
        ("banded-ankle-distraction", "left", "up"),
        ("banded-ankle-distraction", "right", "hold"),
    ]
    assert [(d.slug, d.side) for d in phases[1].drills] == [
        ("knee-to-wall-rocks", "both")
    ]


def test_it_falls_back_to_any_drill_listing_the_code() -> None:
    phases = build_progression(
        findings=[make_finding("foot_collapse", "left")],
        refer_out=False,
        catalogue=make_catalogue(without=("foot", "ankle")),
    ).phases

    assert [(d.slug, d.side, d.reasons) for p in phases for d in p.drills] == [
        ("film-your-squat", None, ("foot_collapse",))
    ] * 3


def test_it_caps_each_phase_but_covers_every_finding() -> None:
    findings = [
        make_finding(code, side, severity=severity)
        for code, side, severity in [
            ("ankle_dorsiflexion_restricted", "left", "severe"),
            ("ankle_dorsiflexion_restricted", "right", "mild"),
            ("dorsiflexion_asymmetry", "left", "moderate"),
            ("heel_rise", None, "moderate"),
            ("knee_valgus", "left", "moderate"),
            ("foot_collapse", "right", "mild"),
            ("anterior_knee_pain", None, "mild"),
            ("forward_lean", None, "mild"),
            ("feet_turn_out", None, "mild"),
            ("low_back_arch", None, "mild"),
            ("poor_single_leg_balance", "left", "moderate"),
            ("hip_abductor_weakness", "right", "moderate"),
            ("quad_dominance", None, "mild"),
        ]
    ]

    phases = build_progression(
        findings=findings, refer_out=False, catalogue=make_catalogue()
    ).phases

    for phase in phases:
        assert len(phase.drills) <= 8
        assert {c for d in phase.drills for c in d.reasons} == {
            f.code for f in findings
        }


def test_it_returns_no_phase_without_a_finding_to_answer() -> None:
    assert (
        build_progression(
            findings=[make_finding("refer_out")],
            refer_out=True,
            cleared=True,
            catalogue=make_catalogue(),
        ).phases
        == ()
    )


def test_it_numbers_rungs_from_the_next_chains() -> None:
    catalogue = {d.slug: d for d in make_catalogue()}

    ankle = catalogue["knee-to-wall-rocks"]
    assert (ankle.ladder, ankle.rung, ankle.previous_slug, ankle.next_slug) == (
        "ankle",
        3,
        "banded-ankle-distraction",
        "weighted-dorsiflexion-pulses",
    )
    assert (catalogue["clamshell"].rung, catalogue["clamshell"].previous_slug) == (
        1,
        None,
    )
    release = catalogue["foam-roll-calf"]
    assert (release.ladder, release.rung, release.per_side, release.sets) == (
        "foam-roll-calf",
        1,
        True,
        1,
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"clamshell": "no-such-drill"}, "clamshell: next 'no-such-drill'"),
        ({"single-leg-balance-with-band": "clamshell"}, "cycle"),
        ({"film-your-squat": "film-your-squat"}, "film-your-squat: .* cycle"),
        (
            {"glute-bridge": "clamshell"},
            "glute-bridge: next 'clamshell' is on another ladder",
        ),
        (
            {"banded-side-steps": "single-leg-balance-with-band"},
            "single-leg-balance-with-band: named as next",
        ),
    ],
)
def test_it_rejects_broken_next_chains(edit: dict[str, str], message: str) -> None:
    library = make_library()
    for drill in library["drills"]:
        if drill["slug"] in edit:
            drill["next"] = edit[drill["slug"]]

    with pytest.raises(ValueError, match=message):
        catalogue_from_library(library)


LIBRARY_FILE = (
    Path(__file__).resolve().parents[3] / "programs" / "library" / "drill_library.json"
)


def test_it_builds_the_seed_scenario_from_the_real_library() -> None:
    catalogue = catalogue_from_library(json.loads(LIBRARY_FILE.read_text()))

    phases = build_progression(
        findings=seed_findings(), refer_out=False, catalogue=catalogue
    ).phases

    restore = phases[0].drills
    assert any(
        d.ladder == "ankle" and d.side == "left" and d.purpose == "mobility"
        for d in restore
    )
    assert "heel-elevated-box-squat" in {d.slug for d in restore}
    assert any(
        d.ladder == "hip_abductors" and d.purpose == "activation" for d in restore
    )
    cues = " | ".join(cue.lower() for drill in restore for cue in drill.cues)
    assert "knee over middle toe" in cues
    assert "drive through the heel" in cues

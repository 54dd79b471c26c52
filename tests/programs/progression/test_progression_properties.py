"""Properties of the progression builder over random findings, changes and rungs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.core.findings import FINDING_CODES, SEVERITIES, Change, Finding
from programs.progression.builder import Phase, PrescribedDrill, build_progression
from tests.programs.progression.test_progression import (
    LADDERS,
    make_catalogue,
    make_finding,
)

# Hypothesis-heavy: make test runs it, make test-fast leaves it out.
pytestmark = pytest.mark.slow

CATALOGUE = make_catalogue()
BY_SLUG = {drill.slug: drill for drill in CATALOGUE}
SIDED_CODES = (
    "ankle_dorsiflexion_restricted",
    "dorsiflexion_asymmetry",
    "knee_valgus",
    "foot_collapse",
    "poor_single_leg_balance",
    "hip_abductor_weakness",
)
CHANGE_FIELDS = (
    "dorsiflexion.left_cm",
    "dorsiflexion.right_cm",
    "dorsiflexion.left_deg",
    "hip.single_leg_stance_s.left",
    "hip.single_leg_stance_s.right",
    "hip.abduction_mmt.left",
    "hip.abduction_mmt.right",
    "pain.knee_nrs",
)


@st.composite
def findings_strategy(draw: st.DrawFn) -> Finding:
    code = draw(st.sampled_from(FINDING_CODES))
    sides = ["left", "right", "both", None] if code in SIDED_CODES else [None]
    return make_finding(
        code,
        draw(st.sampled_from(sides)),
        severity=draw(st.sampled_from(SEVERITIES)),
    )


changes_strategy = st.lists(
    st.builds(
        Change,
        field=st.sampled_from(CHANGE_FIELDS),
        before=st.none(),
        after=st.none(),
        delta=st.none() | st.floats(-10, 10, allow_nan=False),
        mdc=st.sampled_from([1.9, None]),
        verdict=st.sampled_from(
            ["improved", "worse", "within_error", "not_comparable"]
        ),
    ),
    max_size=6,
)
# Plain ladder keys (one previous rung per ladder), sometimes a retired slug.
previous_strategy = st.dictionaries(
    st.sampled_from(sorted(LADDERS)), st.integers(0, 5), max_size=8
).map(
    lambda picks: {
        ladder: ([rung[0] for rung in LADDERS[ladder][2]] + ["retired-drill"])[
            min(index, len(LADDERS[ladder][2]))
        ]
        for ladder, index in picks.items()
    }
)
inputs = st.fixed_dictionaries(
    {
        "findings": st.lists(findings_strategy(), max_size=10),
        "refer_out": st.booleans(),
        "cleared": st.booleans(),
        "pain_rising": st.booleans(),
        "changes": changes_strategy,
        "previous_rungs": st.none() | previous_strategy,
    }
)


def build(arguments: dict) -> tuple[Phase, ...]:
    return build_progression(catalogue=CATALOGUE, **arguments).phases


def answered_sides(drill: PrescribedDrill) -> set[str]:
    return {drill.side} if drill.side in ("left", "right") else {"left", "right"}


@settings(max_examples=150)
@given(inputs)
def test_it_is_deterministic(arguments: dict) -> None:
    assert build(arguments) == build(arguments)
    assert (
        build(arguments)
        == build_progression(catalogue=tuple(reversed(CATALOGUE)), **arguments).phases
    )


@settings(max_examples=150)
@given(inputs)
def test_it_gives_only_input_codes_as_reasons(arguments: dict) -> None:
    codes = {f.code for f in arguments["findings"]} - {"refer_out"}

    for phase in build(arguments):
        assert phase.exit_criteria
        for drill in phase.drills:
            assert drill.reasons
            assert set(drill.reasons) <= codes
            assert len(drill.reasons) == len(set(drill.reasons))
        rows = [(d.slug, d.side) for d in phase.drills]
        assert len(rows) == len(set(rows))


@settings(max_examples=150)
@given(inputs)
def test_it_answers_every_finding_on_its_side_in_every_phase(arguments: dict) -> None:
    phases = build(arguments)

    findings = [f for f in arguments["findings"] if f.code != "refer_out"]
    referred = arguments["refer_out"] and not arguments["cleared"]
    assert bool(phases) == (bool(findings) and not referred)
    for phase in phases:
        for finding in findings:
            answering = [d for d in phase.drills if finding.code in d.reasons]
            assert answering, (phase.name, finding.code)
            if finding.side in ("left", "right", "both"):
                needed = {"left", "right"} if finding.side == "both" else {finding.side}
                covered = set().union(*(answered_sides(d) for d in answering))
                assert needed <= covered, (phase.name, finding)
            if finding.side is None:
                assert all(d.side in (None, "both", "left", "right") for d in answering)


@settings(max_examples=150)
@given(inputs)
def test_it_never_loads_when_referred_out_or_pain_rises(arguments: dict) -> None:
    phases = build(arguments)

    if arguments["refer_out"] and not arguments["cleared"]:
        assert phases == ()
    elif arguments["pain_rising"]:
        assert len(phases) <= 2
        assert not [d.slug for p in phases for d in p.drills if d.loaded]
    elif phases:
        assert [p.name for p in phases] == ["Restore", "Control", "Strengthen"]
        if arguments["refer_out"]:
            assert not [d.slug for p in phases[:2] for d in p.drills if d.loaded]


@settings(max_examples=200)
@given(inputs)
def test_it_never_skips_a_rung_on_reassessment(arguments: dict) -> None:
    phases = build(arguments)

    previous = arguments["previous_rungs"] or {}
    no_loading = arguments["refer_out"] or arguments["pain_rising"]
    for drill in phases[0].drills if phases else ():
        if previous.get(drill.ladder) not in BY_SLUG:
            continue
        was = BY_SLUG[previous[drill.ladder]]
        now = BY_SLUG[drill.slug]
        assert drill.move in ("up", "hold", "down")
        assert drill.move_reason
        if abs(now.rung - was.rung) > 1:
            # Only to drop off loaded rungs that may no longer be used.
            skipped = [
                d
                for d in CATALOGUE
                if d.ladder == now.ladder and now.rung < d.rung <= was.rung
            ]
            assert no_loading and all(d.loaded for d in skipped)
        expected = {1: "up", 0: "hold"}.get(now.rung - was.rung, "down")
        assert drill.move == expected


@settings(max_examples=150)
@given(inputs)
def test_it_never_skips_a_rung_between_phases(arguments: dict) -> None:
    phases = build(arguments)

    for earlier, later in zip(phases, phases[1:], strict=False):
        for drill in later.drills:
            rung = BY_SLUG[drill.slug].rung
            assert any(
                d.ladder == drill.ladder
                and answered_sides(d) & answered_sides(drill)
                and rung - BY_SLUG[d.slug].rung in (0, 1)
                for d in earlier.drills
            ), (later.name, drill.slug)
            assert not drill.move

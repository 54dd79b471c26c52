"""Properties of the builder's safety rules over random contraindications, pain ceilings and findings.

CLINICAL.md sections 4, 8 and 9. Exclusions are worked out here again from the
drill's own fields, not with the builder's helper, so a wrong helper fails too.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.core.types import CONTRAINDICATION_CODES
from programs.progression.builder import (
    CatalogueDrill,
    PrescribedDrill,
    Progression,
    build_progression,
)
from tests.programs.progression.test_progression_properties import (
    CATALOGUE,
    answered_sides,
    changes_strategy,
    findings_strategy,
    previous_strategy,
)

# Hypothesis-heavy: make test runs it, make test-fast leaves it out.
pytestmark = pytest.mark.slow

SLUGS = sorted(drill.slug for drill in CATALOGUE)


@st.composite
def tagged_catalogue(draw: st.DrawFn) -> tuple[CatalogueDrill, ...]:
    tags = draw(
        st.lists(
            st.tuples(st.sampled_from(SLUGS), st.sampled_from(CONTRAINDICATION_CODES)),
            max_size=14,
        )
    )
    ceilings = draw(
        st.dictionaries(st.sampled_from(SLUGS), st.integers(0, 10), max_size=8)
    )
    return tuple(
        replace(
            drill,
            contraindications=tuple(sorted({c for s, c in tags if s == drill.slug})),
            max_pain=ceilings.get(drill.slug),
        )
        for drill in CATALOGUE
    )


inputs = st.fixed_dictionaries(
    {
        "findings": st.lists(findings_strategy(), max_size=10),
        "refer_out": st.booleans(),
        "cleared": st.booleans(),
        "pain_rising": st.booleans(),
        "changes": changes_strategy,
        "previous_rungs": st.none() | previous_strategy,
        "contraindications": st.lists(
            st.sampled_from(CONTRAINDICATION_CODES), unique=True, max_size=3
        ),
        "knee_pain": st.none() | st.integers(0, 10),
        "catalogue": tagged_catalogue(),
    }
)


def build(arguments: dict) -> Progression:
    return build_progression(**arguments)


def session_codes(arguments: dict) -> set[str]:
    codes = set(arguments["contraindications"])
    if any(f.code == "anterior_knee_pain" for f in arguments["findings"]):
        codes.add("irritable_anterior_knee")
    return codes


def reasons_against(drill: CatalogueDrill, arguments: dict) -> set[str]:
    """Every reason the drill may not be given this session (empty: it may)."""
    codes = session_codes(arguments)
    applying = set(drill.contraindications) & codes
    if drill.loaded and "no_loading" in codes:
        applying.add("no_loading")
    reasons = {f"contraindication:{code}" for code in applying}
    pain = arguments["knee_pain"]
    if drill.max_pain is not None and pain is not None and pain > drill.max_pain:
        reasons.add(f"max_pain:{drill.max_pain}")
    return reasons


def by_slug(arguments: dict) -> dict[str, CatalogueDrill]:
    return {drill.slug: drill for drill in arguments["catalogue"]}


@settings(max_examples=200)
@given(inputs)
def test_it_never_prescribes_an_excluded_drill(arguments: dict) -> None:
    drills = by_slug(arguments)

    for phase in build(arguments).phases:
        for drill in phase.drills:
            assert not reasons_against(drills[drill.slug], arguments), drill.slug


@settings(max_examples=200)
@given(inputs)
def test_it_lists_each_skip_once_with_a_true_reason(arguments: dict) -> None:
    drills = by_slug(arguments)
    progression = build(arguments)

    listed = [item.slug for item in progression.skipped]
    assert len(listed) == len(set(listed))
    given_slugs = {d.slug for p in progression.phases for d in p.drills}
    for item in progression.skipped:
        drill = drills[item.slug]
        assert item.ladder == drill.ladder
        assert item.reason in reasons_against(drill, arguments)
        # A contraindication is named before a pain ceiling.
        if item.reason.startswith("max_pain:"):
            assert not any(
                r.startswith("contraindication:")
                for r in reasons_against(drill, arguments)
            )
        assert item.slug not in given_slugs


@settings(max_examples=150)
@given(inputs)
def test_it_gives_nothing_when_referred_out_without_a_clearance(
    arguments: dict,
) -> None:
    progression = build(arguments)

    if arguments["refer_out"] and not arguments["cleared"]:
        assert progression == Progression()
    if arguments["refer_out"] and arguments["cleared"]:
        assert not [d for p in progression.phases[:2] for d in p.drills if d.loaded]


def answered(finding_side: str | None, drills: list[PrescribedDrill]) -> bool:
    if finding_side is None:
        return bool(drills)
    needed = {"left", "right"} if finding_side == "both" else {finding_side}
    return needed <= set().union(*(answered_sides(d) for d in drills))


@settings(max_examples=200)
@given(inputs)
def test_it_answers_every_finding_it_does_not_report_bare(arguments: dict) -> None:
    progression = build(arguments)

    findings = [f for f in arguments["findings"] if f.code != "refer_out"]
    codes = {f.code for f in findings}
    assert set(progression.unaddressed) <= codes
    assert len(progression.unaddressed) == len(set(progression.unaddressed))
    for phase in progression.phases:
        for finding in findings:
            if finding.code in progression.unaddressed:
                continue
            answering = [d for d in phase.drills if finding.code in d.reasons]
            assert answered(finding.side, answering), (phase.name, finding)
    # A finding is only reported bare when some finding of that code is.
    first = progression.phases[0].drills if progression.phases else ()
    for code in progression.unaddressed:
        assert any(
            not answered(f.side, [d for d in first if code in d.reasons])
            for f in findings
            if f.code == code
        ), code


@settings(max_examples=200)
@given(inputs)
def test_it_never_climbs_over_an_excluded_rung(arguments: dict) -> None:
    drills = by_slug(arguments)
    phases = build(arguments).phases

    for earlier, later in zip(phases, phases[1:], strict=False):
        for drill in later.drills:
            rung = drills[drill.slug].rung
            assert any(
                d.ladder == drill.ladder
                and answered_sides(d) & answered_sides(drill)
                and rung - drills[d.slug].rung in (0, 1)
                for d in earlier.drills
            ), (later.name, drill.slug)


@settings(max_examples=200)
@given(inputs)
def test_it_never_gives_a_harder_rung_than_without_the_exclusions(
    arguments: dict,
) -> None:
    drills = by_slug(arguments)
    restricted = build(arguments).phases
    free = build(
        {
            **arguments,
            "catalogue": CATALOGUE,
            "contraindications": (),
            "knee_pain": None,
        }
    ).phases

    for phase, free_phase in zip(restricted, free, strict=False):
        for drill in phase.drills:
            same_ladder = [
                drills[d.slug].rung
                for d in free_phase.drills
                if d.ladder == drill.ladder
                and answered_sides(d) & answered_sides(drill)
            ]
            if same_ladder:
                assert drills[drill.slug].rung <= max(same_ladder), drill.slug


@settings(max_examples=200)
@given(inputs)
def test_it_reports_every_excluded_drill_a_first_program_starts_on(
    arguments: dict,
) -> None:
    arguments = {**arguments, "previous_rungs": None}
    drills = by_slug(arguments)
    progression = build(arguments)
    free = build(
        {
            **arguments,
            "catalogue": CATALOGUE,
            "contraindications": (),
            "knee_pain": None,
        }
    )

    skipped = {item.slug for item in progression.skipped}
    for drill in free.phases[0].drills if free.phases else ():
        if reasons_against(drills[drill.slug], arguments):
            assert drill.slug in skipped, drill.slug

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from assessments.core.findings import (
    FINDING_CODES,
    PROJECT_DEFAULT,
    PUBLISHED,
    RED_FLAGS,
    RULES,
    RULES_BY_KEY,
    SEVERITIES,
    SOURCES,
    Dorsiflexion,
    Finding,
    FindingsResult,
    Hip,
    PerSide,
    SessionInput,
    Squat,
    compare_sessions,
    evaluate_session,
    pain_rising,
)


def make_session(
    *,
    dorsiflexion: Dorsiflexion | None = None,
    squat: Squat | None = None,
    hip: Hip | None = None,
    knee_pain_nrs: int | None = None,
    red_flags: tuple[str, ...] = (),
) -> SessionInput:
    return SessionInput(
        dorsiflexion=dorsiflexion or Dorsiflexion(),
        squat=squat or Squat(),
        hip=hip or Hip(),
        knee_pain_nrs=knee_pain_nrs,
        red_flags=red_flags,
    )


def findings_of(session: SessionInput, code: str) -> list[Finding]:
    result = evaluate_session(session=session)
    return [finding for finding in result.findings if finding.code == code]


def by_side(session: SessionInput, code: str) -> dict[str | None, str]:
    """side -> severity of the findings with `code`."""
    return {finding.side: finding.severity for finding in findings_of(session, code)}


# --- the rule table ---------------------------------------------------------------


def test_it_lists_every_source_key_of_the_clinical_reference() -> None:
    expected = {
        "physiopedia-ktw",
        "bennell-1998",
        "powden-2015",
        "chisholm-2012",
        "seed-ktw-4in",
        "boksmart",
        "araujo-2022",
        "springer-2007",
        "nasm-ohsa",
        "seed-observation",
        "project-default",
    }
    assert expected <= set(SOURCES)
    for key, source in SOURCES.items():
        assert source.key == key
        assert source.status in (PUBLISHED, PROJECT_DEFAULT)
        assert source.title


def test_it_keeps_rule_keys_unique_and_sourced() -> None:
    assert len(RULES_BY_KEY) == len(RULES)
    for rule in RULES:
        assert rule.source in SOURCES, rule.key
        assert rule.status in (PUBLISHED, PROJECT_DEFAULT), rule.key
        assert rule.code in (*FINDING_CODES, ""), rule.key
        assert rule.severity in (*SEVERITIES, ""), rule.key
        assert rule.comparison, rule.key
        # A rule cannot claim more than its source: no "published" on a default.
        if SOURCES[rule.source].status == PROJECT_DEFAULT:
            assert rule.status == PROJECT_DEFAULT, rule.key


def test_it_has_a_rule_for_every_finding_code() -> None:
    assert {rule.code for rule in RULES} - {""} == set(FINDING_CODES)


@pytest.mark.parametrize(
    ("key", "thresholds", "source"),
    [
        ("ktw_restricted_cm", (10.0,), "seed-ktw-4in"),
        ("ktw_bands_cm", (10.0, 8.0, 5.0), "project-default"),
        ("ktw_restricted_deg", (36.0,), "seed-ktw-4in"),
        ("ktw_asymmetry_cm", (1.5,), "chisholm-2012"),
        ("mdc_ktw_cm", (1.9,), "powden-2015"),
        ("mdc_ktw_deg", (4.7,), "powden-2015"),
        ("stance_poor", (10.0,), "araujo-2022"),
        ("stance_asymmetry", (2 / 3,), "project-default"),
        ("mmt_weak", (3.0,), "project-default"),
        ("dynamometer_asymmetry", (0.9,), "project-default"),
        ("pain_refer_out", (7.0,), "project-default"),
        ("pain_rising", (2.0,), "project-default"),
    ],
)
def test_it_holds_the_clinical_thresholds(
    key: str, thresholds: tuple[float, ...], source: str
) -> None:
    assert RULES_BY_KEY[key].thresholds == thresholds
    assert RULES_BY_KEY[key].source == source


def test_it_says_degrees_use_the_physiopedia_conversion() -> None:
    assert "3.6 deg per cm" in RULES_BY_KEY["ktw_restricted_deg"].comparison


# --- the seed scenario and general behaviour -----------------------------------------


def test_it_finds_the_seed_scenario() -> None:
    session = make_session(
        dorsiflexion=Dorsiflexion(left_cm=7.0, right_cm=11.0),
        squat=Squat(heels_rise=True, knees_cave=PerSide(left=True, right=False)),
    )

    result = evaluate_session(session=session)

    assert [(f.code, f.side, f.severity) for f in result.findings] == [
        ("ankle_dorsiflexion_restricted", "left", "moderate"),
        ("dorsiflexion_asymmetry", "left", "moderate"),
        ("heel_rise", None, "mild"),
        ("knee_valgus", "left", "mild"),
    ]
    assert result.refer_out is False
    restricted = result.findings[0]
    assert restricted.evidence[0].field == "dorsiflexion.left_cm"
    assert restricted.evidence[0].value == 7.0
    assert restricted.evidence[0].rule == "< 10 cm"
    assert restricted.evidence[0].source == "seed-ktw-4in"
    assert "left ankle" in restricted.summary
    assert "7.0 cm" in restricted.summary
    assert "10 cm" in restricted.summary


def test_it_finds_nothing_in_an_empty_session() -> None:
    assert evaluate_session(session=SessionInput()) == FindingsResult(
        findings=(), refer_out=False
    )


def test_it_orders_findings_by_code_then_side() -> None:
    session = make_session(
        dorsiflexion=Dorsiflexion(left_cm=4.0, right_cm=9.0),
        squat=Squat(
            heels_rise=True,
            knees_cave=PerSide(left=True, right=True),
            arch_collapse=PerSide(left=True, right=True),
            forward_lean=True,
            feet_turn_out=True,
            low_back_arch=True,
            anterior_knee_pain=True,
        ),
        hip=Hip(
            single_leg_stance_s=PerSide(left=5.0, right=6.0),
            abduction_mmt=PerSide(left=3, right=3),
            quad_dominant=True,
        ),
        knee_pain_nrs=8,
        red_flags=("swelling",),
    )

    result = evaluate_session(session=session)

    order = [(f.code, f.side) for f in result.findings]
    assert order == [
        ("ankle_dorsiflexion_restricted", "left"),
        ("ankle_dorsiflexion_restricted", "right"),
        ("dorsiflexion_asymmetry", "left"),
        ("heel_rise", None),
        ("knee_valgus", "left"),
        ("knee_valgus", "right"),
        ("foot_collapse", "left"),
        ("foot_collapse", "right"),
        ("anterior_knee_pain", None),
        ("forward_lean", None),
        ("feet_turn_out", None),
        ("low_back_arch", None),
        ("poor_single_leg_balance", "left"),
        ("poor_single_leg_balance", "right"),
        ("hip_abductor_weakness", "left"),
        ("hip_abductor_weakness", "right"),
        ("quad_dominance", None),
        ("refer_out", None),
    ]
    for finding in result.findings:
        assert finding.evidence
        assert finding.summary
        for item in finding.evidence:
            assert item.source in SOURCES
            assert item.rule in {rule.comparison for rule in RULES}


# --- knee-to-wall -------------------------------------------------------------------


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize(
    ("cm", "severity"),
    [
        (30.0, None),
        (10.1, None),
        (10.0, None),
        (9.9, "mild"),
        (8.0, "mild"),
        (7.9, "moderate"),
        (5.0, "moderate"),
        (4.9, "severe"),
        (0.0, "severe"),
    ],
)
def test_it_grades_a_restricted_knee_to_wall_in_cm(
    side: str, cm: float, severity: str | None
) -> None:
    fields: dict[str, Any] = {f"{side}_cm": cm}
    session = make_session(dorsiflexion=Dorsiflexion(**fields))

    found = by_side(session, "ankle_dorsiflexion_restricted")

    assert found == ({side: severity} if severity else {})


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize(
    ("deg", "severity"),
    [
        (40.0, None),
        (36.0, None),
        (35.9, "mild"),
        (28.8, "mild"),
        (28.7, "moderate"),
        (18.0, "moderate"),
        (17.9, "severe"),
    ],
)
def test_it_grades_a_restricted_inclinometer_angle_in_degrees(
    side: str, deg: float, severity: str | None
) -> None:
    fields: dict[str, Any] = {f"{side}_deg": deg}
    session = make_session(dorsiflexion=Dorsiflexion(**fields))

    found = findings_of(session, "ankle_dorsiflexion_restricted")

    if severity is None:
        assert found == []
    else:
        assert [(f.side, f.severity) for f in found] == [(side, severity)]
        assert found[0].evidence[0].field == f"dorsiflexion.{side}_deg"
        assert "degrees" in found[0].summary


def test_it_prefers_centimetres_when_both_units_are_given() -> None:
    session = make_session(dorsiflexion=Dorsiflexion(left_cm=11.0, left_deg=20.0))

    assert findings_of(session, "ankle_dorsiflexion_restricted") == []


@pytest.mark.parametrize(
    ("left_cm", "right_cm", "expected"),
    [
        (10.0, 11.4, {}),
        (10.0, 11.5, {"left": "mild"}),
        (11.5, 10.0, {"right": "mild"}),
        (10.0, 11.6, {"left": "mild"}),
        (7.9, 9.4, {"left": "mild"}),  # 1.5 exactly, whatever floats say
        (9.4, 7.9, {"right": "mild"}),
        (10.0, 12.9, {"left": "mild"}),
        (10.0, 13.0, {"left": "moderate"}),
        (10.0, 14.9, {"left": "moderate"}),
        (10.0, 15.0, {"left": "severe"}),
        (12.0, 12.0, {}),
    ],
)
def test_it_flags_the_lower_side_of_a_knee_to_wall_asymmetry(
    left_cm: float, right_cm: float, expected: dict[str, str]
) -> None:
    session = make_session(
        dorsiflexion=Dorsiflexion(left_cm=left_cm, right_cm=right_cm)
    )

    found = findings_of(session, "dorsiflexion_asymmetry")

    assert {f.side: f.severity for f in found} == expected
    for finding in found:
        assert [e.field for e in finding.evidence] == [
            "dorsiflexion.left_cm",
            "dorsiflexion.right_cm",
        ]
        assert {e.source for e in finding.evidence} == {"chisholm-2012"}


@pytest.mark.parametrize(
    ("left_deg", "right_deg", "expected"),
    [
        (30.0, 35.3, {}),
        (30.0, 35.4, {"left": "mild"}),
        (35.4, 30.0, {"right": "mild"}),
        (30.0, 40.8, {"left": "moderate"}),
        (20.0, 38.0, {"left": "severe"}),
    ],
)
def test_it_flags_a_degree_asymmetry_with_the_converted_floor(
    left_deg: float, right_deg: float, expected: dict[str, str]
) -> None:
    session = make_session(
        dorsiflexion=Dorsiflexion(left_deg=left_deg, right_deg=right_deg)
    )

    assert by_side(session, "dorsiflexion_asymmetry") == expected


def test_it_does_not_compare_centimetres_with_degrees() -> None:
    session = make_session(dorsiflexion=Dorsiflexion(left_cm=5.0, right_deg=40.0))

    assert findings_of(session, "dorsiflexion_asymmetry") == []


# --- squat flags --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "code", "source"),
    [
        ("heels_rise", "heel_rise", "seed-observation"),
        ("forward_lean", "forward_lean", "nasm-ohsa"),
        ("feet_turn_out", "feet_turn_out", "nasm-ohsa"),
        ("low_back_arch", "low_back_arch", "nasm-ohsa"),
        ("anterior_knee_pain", "anterior_knee_pain", "seed-observation"),
    ],
)
@pytest.mark.parametrize(
    ("value", "found"), [(True, True), (False, False), (None, False)]
)
def test_it_turns_an_observed_squat_flag_into_a_finding(
    flag: str, code: str, source: str, value: bool | None, found: bool
) -> None:
    fields: dict[str, Any] = {flag: value}
    session = make_session(squat=Squat(**fields))

    result = findings_of(session, code)

    if found:
        assert [(f.side, f.severity) for f in result] == [(None, "mild")]
        assert result[0].evidence[0].field == f"squat.{flag}"
        assert result[0].evidence[0].source == source
    else:
        assert result == []


@pytest.mark.parametrize(
    ("squat_cave", "step_down", "severity", "fields"),
    [
        (True, None, "mild", ["squat.knees_cave.{side}"]),
        (None, True, "mild", ["hip.step_down_valgus.{side}"]),
        (
            True,
            True,
            "moderate",
            ["squat.knees_cave.{side}", "hip.step_down_valgus.{side}"],
        ),
        (False, False, None, []),
        (None, None, None, []),
    ],
)
@pytest.mark.parametrize("side", ["left", "right"])
def test_it_merges_knee_valgus_from_squat_and_step_down(
    side: str,
    squat_cave: bool | None,
    step_down: bool | None,
    severity: str | None,
    fields: list[str],
) -> None:
    session = make_session(
        squat=Squat(knees_cave=PerSide(**{side: squat_cave})),
        hip=Hip(step_down_valgus=PerSide(**{side: step_down})),
    )

    found = findings_of(session, "knee_valgus")

    if severity is None:
        assert found == []
    else:
        assert [(f.side, f.severity) for f in found] == [(side, severity)]
        assert [e.field for e in found[0].evidence] == [
            path.format(side=side) for path in fields
        ]


@pytest.mark.parametrize(
    ("left", "right", "sides"),
    [
        (True, False, ["left"]),
        (False, True, ["right"]),
        (True, True, ["left", "right"]),
        (False, None, []),
    ],
)
def test_it_finds_a_collapsing_arch_per_side(
    left: bool | None, right: bool | None, sides: list[str]
) -> None:
    session = make_session(squat=Squat(arch_collapse=PerSide(left=left, right=right)))

    assert [f.side for f in findings_of(session, "foot_collapse")] == sides


@pytest.mark.parametrize(
    ("nrs", "severity"),
    [
        (None, "mild"),
        (0, "mild"),
        (3, "mild"),
        (4, "moderate"),
        (6, "moderate"),
        (7, "severe"),
    ],
)
def test_it_grades_front_of_knee_pain_by_the_pain_score(
    nrs: int | None, severity: str
) -> None:
    session = make_session(squat=Squat(anterior_knee_pain=True), knee_pain_nrs=nrs)

    (finding,) = findings_of(session, "anterior_knee_pain")

    assert finding.severity == severity
    if nrs is not None:
        assert finding.evidence[-1].field == "pain.knee_nrs"
        assert f"{nrs}/10" in finding.summary


def test_it_does_not_invent_front_of_knee_pain_from_a_score_alone() -> None:
    assert findings_of(make_session(knee_pain_nrs=5), "anterior_knee_pain") == []


@pytest.mark.parametrize(
    ("value", "found"), [(True, True), (False, False), (None, False)]
)
def test_it_reports_quad_dominance(value: bool | None, found: bool) -> None:
    session = make_session(hip=Hip(quad_dominant=value))

    assert bool(findings_of(session, "quad_dominance")) is found


# --- hip ----------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize(
    ("seconds", "severity"),
    [(10.1, None), (10.0, None), (9.9, "moderate"), (0.0, "moderate")],
)
def test_it_finds_poor_single_leg_balance_under_ten_seconds(
    side: str, seconds: float, severity: str | None
) -> None:
    session = make_session(hip=Hip(single_leg_stance_s=PerSide(**{side: seconds})))

    found = by_side(session, "poor_single_leg_balance")

    assert found == ({side: severity} if severity else {})


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (20.0, 30.0, {}),  # exactly two thirds
        (19.9, 30.0, {"left": "mild"}),
        (30.0, 19.9, {"right": "mild"}),
        (20.1, 30.0, {}),
        (8.0, 30.0, {"left": "moderate"}),
        (8.0, 9.0, {"left": "moderate", "right": "moderate"}),
        (0.0, 0.0, {"left": "moderate", "right": "moderate"}),
    ],
)
def test_it_finds_single_leg_balance_asymmetry_on_the_weaker_side(
    left: float, right: float, expected: dict[str, str]
) -> None:
    session = make_session(hip=Hip(single_leg_stance_s=PerSide(left=left, right=right)))

    assert by_side(session, "poor_single_leg_balance") == expected


def test_it_cites_both_sides_for_a_balance_asymmetry() -> None:
    session = make_session(hip=Hip(single_leg_stance_s=PerSide(left=8.0, right=30.0)))

    (finding,) = findings_of(session, "poor_single_leg_balance")

    assert [(e.field, e.value, e.source) for e in finding.evidence] == [
        ("hip.single_leg_stance_s.left", 8.0, "araujo-2022"),
        ("hip.single_leg_stance_s.left", 8.0, "project-default"),
        ("hip.single_leg_stance_s.right", 30.0, "project-default"),
    ]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (5, 5, {}),
        (4, 4, {}),
        (3, 3, {"left": "moderate", "right": "moderate"}),
        (4, 5, {"left": "mild"}),
        (5, 4, {"right": "mild"}),
        (3, 4, {"left": "moderate"}),
        (4, 3, {"right": "moderate"}),
        (2, 5, {"left": "severe"}),
        (0, 0, {"left": "severe", "right": "severe"}),
        (3, None, {"left": "moderate"}),
        (None, 4, {}),
    ],
)
def test_it_grades_hip_abductor_weakness_from_the_muscle_test(
    left: int | None, right: int | None, expected: dict[str, str]
) -> None:
    session = make_session(hip=Hip(abduction_mmt=PerSide(left=left, right=right)))

    assert by_side(session, "hip_abductor_weakness") == expected


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (90.0, 100.0, {}),
        (89.9, 100.0, {"left": "mild"}),
        (100.0, 89.9, {"right": "mild"}),
        (9.0, 10.0, {}),  # exactly 90 %
        (0.0, 10.0, {"left": "mild"}),
        (0.0, 0.0, {}),
        (100.0, None, {}),
    ],
)
def test_it_finds_a_dynamometer_asymmetry_under_ninety_percent(
    left: float, right: float | None, expected: dict[str, str]
) -> None:
    session = make_session(
        hip=Hip(abduction_dynamometer=PerSide(left=left, right=right))
    )

    assert by_side(session, "hip_abductor_weakness") == expected


# --- refer out ----------------------------------------------------------------------


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_it_refers_out_for_every_red_flag(flag: str) -> None:
    result = evaluate_session(session=make_session(red_flags=(flag,)))

    assert result.refer_out is True
    (finding,) = [f for f in result.findings if f.code == "refer_out"]
    assert finding.severity == "severe"
    assert [(e.field, e.value) for e in finding.evidence] == [("red_flags", flag)]
    assert "clinician" in finding.summary


@pytest.mark.parametrize(
    ("nrs", "refer"), [(0, False), (6, False), (7, True), (10, True)]
)
def test_it_refers_out_for_knee_pain_of_seven_or_more(nrs: int, refer: bool) -> None:
    result = evaluate_session(session=make_session(knee_pain_nrs=nrs))

    assert result.refer_out is refer
    assert any(f.code == "refer_out" for f in result.findings) is refer


def test_it_lists_every_reason_to_refer_out_in_a_fixed_order() -> None:
    session = make_session(knee_pain_nrs=9, red_flags=("numbness", "trauma"))

    (finding,) = findings_of(session, "refer_out")

    assert [e.value for e in finding.evidence] == ["trauma", "numbness", 9]


# --- change between sessions ----------------------------------------------------------


def changes_for(
    before: SessionInput, after: SessionInput
) -> dict[str, tuple[object, ...]]:
    return {
        c.field: (c.before, c.after, c.delta, c.mdc, c.verdict)
        for c in compare_sessions(current=after, previous=before)
    }


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize(
    ("before", "after", "delta", "verdict"),
    [
        (4.0, 5.9, 1.9, "improved"),
        (4.1, 6.0, 1.9, "improved"),  # floats would say 1.9000000000000004
        (4.0, 5.8, 1.8, "within_error"),
        (4.0, 4.0, 0.0, "within_error"),
        (4.0, 2.2, -1.8, "within_error"),
        (4.0, 2.1, -1.9, "worse"),
        (4.0, 9.0, 5.0, "improved"),
    ],
)
def test_it_judges_a_knee_to_wall_change_against_the_mdc(
    side: str, before: float, after: float, delta: float, verdict: str
) -> None:
    field = f"{side}_cm"
    before_fields: dict[str, Any] = {field: before}
    after_fields: dict[str, Any] = {field: after}
    table = changes_for(
        make_session(dorsiflexion=Dorsiflexion(**before_fields)),
        make_session(dorsiflexion=Dorsiflexion(**after_fields)),
    )

    assert table == {f"dorsiflexion.{field}": (before, after, delta, 1.9, verdict)}


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (30.0, 34.7, "improved"),
        (30.0, 34.6, "within_error"),
        (30.0, 25.3, "worse"),
        (30.0, 25.4, "within_error"),
    ],
)
def test_it_judges_a_degree_change_against_its_mdc(
    before: float, after: float, verdict: str
) -> None:
    (change,) = compare_sessions(
        current=make_session(dorsiflexion=Dorsiflexion(left_deg=after)),
        previous=make_session(dorsiflexion=Dorsiflexion(left_deg=before)),
    )

    assert (change.field, change.mdc, change.verdict) == (
        "dorsiflexion.left_deg",
        4.7,
        verdict,
    )


@pytest.mark.parametrize(
    ("before", "after", "comparable"),
    [
        (("tape", "barefoot"), ("tape", "barefoot"), True),
        ((None, None), (None, None), True),
        (("tape", "barefoot"), ("tape", "shoes"), False),
        (("tape", "barefoot"), ("inclinometer", "barefoot"), False),
        # Not recorded reads as the protocol: tape, barefoot.
        (("tape", None), ("tape", "barefoot"), True),
        ((None, "shoes"), ("tape", "shoes"), True),
        ((None, None), ("tape", "shoes"), False),
        (("inclinometer", None), (None, None), False),
    ],
)
def test_it_marks_knee_to_wall_with_another_setup_not_comparable(
    before: tuple[str | None, str | None],
    after: tuple[str | None, str | None],
    comparable: bool,
) -> None:
    def session(setup: tuple[str | None, str | None], cm: float) -> SessionInput:
        return make_session(
            dorsiflexion=Dorsiflexion(left_cm=cm, method=setup[0], footwear=setup[1]),
            hip=Hip(single_leg_stance_s=PerSide(left=cm)),
        )

    changes = compare_sessions(
        current=session(after, 9.0), previous=session(before, 4.0)
    )

    dorsiflexion, stance = changes
    if comparable:
        assert dorsiflexion.verdict == "improved"
        assert dorsiflexion.note == ""
    else:
        assert dorsiflexion.verdict == "not_comparable"
        assert dorsiflexion.delta is None
        assert dorsiflexion.note.startswith("Not comparable:")
    # Only the knee-to-wall depends on shoes and method.
    assert stance.verdict == "improved"


def test_it_compares_a_session_without_setup_to_a_protocol_one() -> None:
    # The DESIGN.md example: previous has no method or footwear.
    (change,) = compare_sessions(
        current=make_session(
            dorsiflexion=Dorsiflexion(left_cm=6.0, method="tape", footwear="barefoot")
        ),
        previous=make_session(dorsiflexion=Dorsiflexion(left_cm=4.0)),
    )

    assert (change.delta, change.verdict) == (2.0, "improved")


def test_it_assumes_an_inclinometer_for_degrees_without_a_method() -> None:
    (change,) = compare_sessions(
        current=make_session(
            dorsiflexion=Dorsiflexion(left_deg=40.0, method="inclinometer")
        ),
        previous=make_session(dorsiflexion=Dorsiflexion(left_deg=30.0)),
    )

    assert change.verdict == "improved"


def test_it_says_when_a_setup_was_assumed() -> None:
    (change,) = compare_sessions(
        current=make_session(dorsiflexion=Dorsiflexion(left_cm=9.0, footwear="shoes")),
        previous=make_session(dorsiflexion=Dorsiflexion(left_cm=4.0)),
    )

    assert change.note == (
        "Not comparable: footwear was not recorded (barefoot assumed), now shoes."
    )


def test_it_names_what_differs_in_a_not_comparable_note() -> None:
    (change,) = compare_sessions(
        current=make_session(dorsiflexion=Dorsiflexion(left_cm=9.0, footwear="shoes")),
        previous=make_session(
            dorsiflexion=Dorsiflexion(left_cm=4.0, footwear="barefoot")
        ),
    )

    assert change.note == "Not comparable: footwear was barefoot, now shoes."


@pytest.mark.parametrize(
    ("field", "hip_field", "before", "after", "delta", "verdict"),
    [
        (
            "hip.single_leg_stance_s.left",
            "single_leg_stance_s",
            10.0,
            15.0,
            5.0,
            "improved",
        ),
        (
            "hip.single_leg_stance_s.left",
            "single_leg_stance_s",
            10.0,
            10.5,
            0.5,
            "improved",
        ),
        (
            "hip.single_leg_stance_s.left",
            "single_leg_stance_s",
            10.0,
            10.0,
            0.0,
            "unchanged",
        ),
        (
            "hip.single_leg_stance_s.left",
            "single_leg_stance_s",
            10.0,
            9.9,
            -0.1,
            "worse",
        ),
        ("hip.abduction_mmt.left", "abduction_mmt", 3, 4, 1, "improved"),
        ("hip.abduction_mmt.left", "abduction_mmt", 3, 3, 0, "unchanged"),
        ("hip.abduction_mmt.left", "abduction_mmt", 4, 3, -1, "worse"),
        (
            "hip.abduction_dynamometer.left",
            "abduction_dynamometer",
            100.0,
            100.1,
            0.1,
            "improved",
        ),
        (
            "hip.abduction_dynamometer.left",
            "abduction_dynamometer",
            100.0,
            90.0,
            -10.0,
            "worse",
        ),
        (
            "hip.abduction_dynamometer.left",
            "abduction_dynamometer",
            0.0,
            0.0,
            0.0,
            "unchanged",
        ),
    ],
)
def test_it_judges_hip_changes_by_direction_with_no_mdc(
    field: str,
    hip_field: str,
    before: float,
    after: float,
    delta: float,
    verdict: str,
) -> None:
    # No published MDC (CLINICAL.md section 11): never "within error", mdc null.
    before_fields: dict[str, Any] = {hip_field: PerSide(left=before)}
    after_fields: dict[str, Any] = {hip_field: PerSide(left=after)}
    table = changes_for(
        make_session(hip=Hip(**before_fields)),
        make_session(hip=Hip(**after_fields)),
    )

    assert table == {field: (before, after, delta, None, verdict)}


@pytest.mark.parametrize(
    ("before_unit", "after_unit", "verdict"),
    [
        ("N", "kg", "not_comparable"),
        ("kg", "N", "not_comparable"),
        ("N", "N", "improved"),
        (None, "kg", "improved"),
    ],
)
def test_it_never_compares_dynamometer_values_in_different_units(
    before_unit: str | None, after_unit: str | None, verdict: str
) -> None:
    (change,) = compare_sessions(
        current=make_session(
            hip=Hip(
                abduction_dynamometer=PerSide(left=30.0),
                abduction_dynamometer_unit=after_unit,
            )
        ),
        previous=make_session(
            hip=Hip(
                abduction_dynamometer=PerSide(left=20.0),
                abduction_dynamometer_unit=before_unit,
            )
        ),
    )

    assert change.verdict == verdict
    if verdict == "not_comparable":
        assert change.delta is None
        assert f"in {before_unit} before, in {after_unit} now" in change.note


@pytest.mark.parametrize(
    ("before", "after", "verdict", "rising"),
    [
        (3, 5, "worse", True),
        (3, 4, "worse", False),
        (3, 3, "unchanged", False),
        (5, 4, "improved", False),
        (5, 3, "improved", False),
        (0, 10, "worse", True),
    ],
)
def test_it_treats_lower_knee_pain_as_better(
    before: int, after: int, verdict: str, rising: bool
) -> None:
    previous, current = (
        make_session(knee_pain_nrs=before),
        make_session(knee_pain_nrs=after),
    )

    (change,) = compare_sessions(current=current, previous=previous)

    assert (change.field, change.delta, change.mdc, change.verdict) == (
        "pain.knee_nrs",
        after - before,
        None,
        verdict,
    )
    assert pain_rising(current=current, previous=previous) is rising


@pytest.mark.parametrize(
    ("before", "after", "field", "note"),
    [
        (
            Dorsiflexion(left_cm=6.0, method="tape"),
            Dorsiflexion(left_deg=30.0, method="inclinometer"),
            "dorsiflexion.left_deg",
            "Not comparable: measured in cm (tape) before (6.0 cm), in degrees (inclinometer) now.",
        ),
        (
            Dorsiflexion(right_deg=30.0),
            Dorsiflexion(right_cm=8.5),
            "dorsiflexion.right_cm",
            "Not comparable: measured in degrees (inclinometer) before (30 degrees), in cm (tape) now.",
        ),
    ],
)
def test_a_change_of_method_gives_a_not_comparable_row(
    before: Dorsiflexion, after: Dorsiflexion, field: str, note: str
) -> None:
    (change,) = compare_sessions(
        current=make_session(dorsiflexion=after),
        previous=make_session(dorsiflexion=before),
    )

    assert (change.field, change.verdict, change.delta, change.mdc, change.note) == (
        field,
        "not_comparable",
        None,
        None,
        note,
    )


def test_a_footwear_change_marks_each_changed_measure_not_comparable() -> None:
    changes = compare_sessions(
        current=make_session(
            dorsiflexion=Dorsiflexion(left_cm=9.0, right_cm=11.0, footwear="shoes")
        ),
        previous=make_session(
            dorsiflexion=Dorsiflexion(left_cm=6.0, right_cm=10.0, footwear="barefoot")
        ),
    )

    assert [(c.field, c.verdict) for c in changes] == [
        ("dorsiflexion.left_cm", "not_comparable"),
        ("dorsiflexion.right_cm", "not_comparable"),
    ]


@pytest.mark.parametrize(("before", "after"), [(None, 5), (5, None), (None, None)])
def test_it_does_not_call_missing_pain_rising(
    before: int | None, after: int | None
) -> None:
    assert (
        pain_rising(
            current=make_session(knee_pain_nrs=after),
            previous=make_session(knee_pain_nrs=before),
        )
        is False
    )


def test_it_skips_measures_missing_from_either_session() -> None:
    previous = make_session(dorsiflexion=Dorsiflexion(left_cm=4.0, right_cm=11.0))
    current = make_session(dorsiflexion=Dorsiflexion(left_cm=6.0), knee_pain_nrs=2)

    assert [c.field for c in compare_sessions(current=current, previous=previous)] == [
        "dorsiflexion.left_cm"
    ]


def test_it_lists_changes_in_a_fixed_order() -> None:
    full = make_session(
        dorsiflexion=Dorsiflexion(left_cm=5, right_cm=6, left_deg=30, right_deg=31),
        hip=Hip(
            single_leg_stance_s=PerSide(left=5, right=6),
            abduction_mmt=PerSide(left=3, right=4),
            abduction_dynamometer=PerSide(left=50, right=60),
        ),
        knee_pain_nrs=4,
    )
    later = replace(full, knee_pain_nrs=1)

    assert [c.field for c in compare_sessions(current=later, previous=full)] == [
        "dorsiflexion.left_cm",
        "dorsiflexion.right_cm",
        "dorsiflexion.left_deg",
        "dorsiflexion.right_deg",
        "hip.single_leg_stance_s.left",
        "hip.single_leg_stance_s.right",
        "hip.abduction_mmt.left",
        "hip.abduction_mmt.right",
        "hip.abduction_dynamometer.left",
        "hip.abduction_dynamometer.right",
        "pain.knee_nrs",
    ]

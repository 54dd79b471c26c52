from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assessments.core.contract import ContractError, parse_request
from assessments.core.contract_output import result_to_json
from assessments.core.findings import (
    FINDING_CODES,
    RED_FLAGS,
    SEVERITIES,
    SOURCES,
    Dorsiflexion,
    Hip,
    PerSide,
    SessionInput,
    Squat,
    compare_sessions,
    evaluate_session,
)

# PostgreSQL rejects NUL in text, so no strategy here produces it.
text = st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=200)
flag = st.none() | st.booleans()


def measure(high: float) -> st.SearchStrategy[float | None]:
    return st.none() | st.floats(min_value=0, max_value=high, allow_nan=False).map(
        lambda value: round(value, 1)
    )


def grade() -> st.SearchStrategy[int | None]:
    return st.none() | st.integers(min_value=0, max_value=5)


def per_side[T](values: st.SearchStrategy[T]) -> st.SearchStrategy[PerSide[T]]:
    return st.builds(PerSide, left=values, right=values)


sessions = st.builds(
    SessionInput,
    age=st.none() | st.integers(min_value=0, max_value=120),
    dorsiflexion=st.builds(
        Dorsiflexion,
        left_cm=measure(30),
        right_cm=measure(30),
        left_deg=measure(90),
        right_deg=measure(90),
        method=st.sampled_from([None, "tape", "inclinometer"]),
        footwear=st.sampled_from([None, "barefoot", "shoes"]),
    ),
    squat=st.builds(
        Squat,
        heels_rise=flag,
        knees_cave=per_side(flag),
        arch_collapse=per_side(flag),
        forward_lean=flag,
        feet_turn_out=flag,
        low_back_arch=flag,
        anterior_knee_pain=flag,
    ),
    hip=st.builds(
        Hip,
        single_leg_stance_s=per_side(measure(600)),
        step_down_valgus=per_side(flag),
        abduction_mmt=per_side(grade()),
        abduction_dynamometer=per_side(measure(1000)),
        quad_dominant=flag,
        notes=text,
    ),
    knee_pain_nrs=st.none() | st.integers(min_value=0, max_value=10),
    red_flags=st.lists(st.sampled_from(RED_FLAGS), unique=True).map(tuple),
)


@given(session=sessions)
def test_it_gives_the_same_findings_for_the_same_session(session: SessionInput) -> None:
    assert evaluate_session(session=session) == evaluate_session(session=session)


@given(session=sessions)
def test_it_backs_every_finding_with_evidence(session: SessionInput) -> None:
    result = evaluate_session(session=session)

    for finding in result.findings:
        assert finding.code in FINDING_CODES
        assert finding.severity in SEVERITIES
        assert finding.side in ("left", "right", "both", None)
        assert finding.summary
        assert finding.evidence
        for item in finding.evidence:
            assert item.source in SOURCES
            assert item.rule


@given(session=sessions)
def test_it_lists_each_code_and_side_once_in_a_fixed_order(
    session: SessionInput,
) -> None:
    findings = evaluate_session(session=session).findings
    keys = [(f.code, f.side) for f in findings]

    assert len(keys) == len(set(keys))
    order = {"left": 0, "right": 1, "both": 2, None: 3}
    assert keys == sorted(keys, key=lambda k: (FINDING_CODES.index(k[0]), order[k[1]]))


@given(session=sessions)
def test_it_refers_out_exactly_for_red_flags_or_severe_pain(
    session: SessionInput,
) -> None:
    result = evaluate_session(session=session)

    expected = bool(session.red_flags) or (session.knee_pain_nrs or 0) >= 7
    assert result.refer_out is expected
    assert any(f.code == "refer_out" for f in result.findings) is expected


@given(
    cm=st.floats(min_value=0, max_value=30, allow_nan=False),
    side=st.sampled_from(["left", "right"]),
)
def test_it_keeps_knee_to_wall_severity_inside_its_band(cm: float, side: str) -> None:
    fields: dict[str, Any] = {f"{side}_cm": cm}
    session = SessionInput(dorsiflexion=Dorsiflexion(**fields))

    found = [
        f
        for f in evaluate_session(session=session).findings
        if f.code == "ankle_dorsiflexion_restricted"
    ]

    value = Fraction(repr(cm))
    if value >= 10:
        assert found == []
    else:
        expected = "mild" if value >= 8 else "moderate" if value >= 5 else "severe"
        assert [(f.side, f.severity) for f in found] == [(side, expected)]


@given(
    earlier=sessions,
    later=sessions,
)
def test_it_never_calls_a_change_below_the_mdc_improved(
    earlier: SessionInput, later: SessionInput
) -> None:
    for change in compare_sessions(current=later, previous=earlier):
        if change.verdict == "not_comparable":
            assert change.note
            continue
        assert change.delta is not None
        assert change.before is not None and change.after is not None
        exact = Fraction(repr(float(change.after))) - Fraction(
            repr(float(change.before))
        )
        gain = -exact if change.field == "pain.knee_nrs" else exact
        if not change.field.startswith("dorsiflexion."):
            # No published MDC: by direction, never "within error".
            assert change.mdc is None
            expected = "improved" if gain > 0 else "worse" if gain < 0 else "unchanged"
            assert change.verdict == expected
            continue
        assert change.mdc is not None
        mdc = Fraction(repr(float(change.mdc)))
        if change.verdict == "improved":
            assert gain >= mdc and gain > 0
        elif change.verdict == "worse":
            assert -gain >= mdc and gain < 0
        else:
            assert change.verdict == "within_error"
            assert abs(gain) < mdc or gain == 0


@given(earlier=sessions, later=sessions)
def test_it_gives_the_same_changes_for_the_same_sessions(
    earlier: SessionInput, later: SessionInput
) -> None:
    assert compare_sessions(current=later, previous=earlier) == compare_sessions(
        current=later, previous=earlier
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4)
    ),
    max_leaves=20,
)


@given(data=json_values)
def test_it_either_parses_or_lists_problems_for_any_json(data: object) -> None:
    try:
        request = parse_request(data)
    except ContractError as error:
        assert error.problems
        assert all(": " in line for line in error.problems)
    else:
        result_to_json(
            findings=evaluate_session(session=request.session),
            progression=(),
            changes=(),
        )

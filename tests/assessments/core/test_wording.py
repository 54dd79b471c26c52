"""The vocabulary module, alone: tables of what goes in and the words that come out."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from assessments.core import wording
from assessments.core.rules import RULES, SOURCES, threshold
from assessments.core.types import CONTRAINDICATIONS
from assessments.video.rules import VIDEO_SOURCES


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [
        (6.985, "cm", "7.0 cm"),  # 2.75 in typed by the coach
        (7, "cm", "7.0 cm"),
        (8.25, "cm", "8.3 cm"),  # halves up, as written, everywhere
        (8.24, "cm", "8.2 cm"),
        (11.43, "cm", "11.4 cm"),
        (38.5, "degrees", "39 degrees"),
        (38.4, "deg", "38 degrees"),
        (8.0, "s", "8 s"),
        (9.5, "s", "9.5 s"),
        (210.0, "N", "210 N"),
        (20.25, "kg", "20.3 kg"),
        (3, "grade", "3"),
        (5, "points", "5"),
        (None, "cm", "—"),
        (True, "", "yes"),
        (-0.04, "cm", "0.0 cm"),
    ],
)
def test_an_amount_reads_at_the_precision_measured(
    value: float | None, unit: str, words: str
) -> None:
    assert wording.amount(value, unit) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [(7.0, "7"), (7.25, "7.3"), (-0.04, "0"), (-1.26, "-1.3"), (Fraction(2, 3), "0.7")],
)
def test_a_number_has_one_decimal_at_most_and_no_trailing_zero(
    value: float | Fraction, words: str
) -> None:
    assert wording.number(value) == words


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [(1.5, "cm", "+1.5 cm"), (-2, "s", "-2 s"), (0, "cm", "0"), (None, "cm", "—")],
)
def test_a_change_carries_its_sign(value: float | None, unit: str, words: str) -> None:
    assert wording.signed(value, unit) == words


@pytest.mark.parametrize(
    ("count", "word", "words"),
    [(1, "grade", "1 grade"), (2, "grade", "2 grades"), (0, "rep", "0 reps")],
)
def test_plurals_follow_the_count(count: int, word: str, words: str) -> None:
    assert wording.plural(count, word) == words


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        ({"sets": 3, "reps": None, "seconds": 60, "side": "left"}, "3 sets × 60 s, left leg only"),
        ({"sets": 1, "reps": 1, "seconds": None}, "1 set × 1 rep"),
        ({"sets": 4, "reps": 12, "seconds": None, "tempo": "2-0-2"}, "4 sets × 12 reps, tempo 2-0-2"),
        ({"sets": 2, "reps": 10, "seconds": None, "per_side": True}, "2 sets × 10 reps, each side"),
        ({"sets": 2, "reps": 5, "seconds": 10, "side": "both"}, "2 sets × 5 reps of 10 s, each side"),
    ],
)  # fmt: skip
def test_a_dose_reads_as_a_person_says_it(dose: dict, words: str) -> None:
    assert wording.dose_words(**dose) == words


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("< 10 cm", "under 10 cm"),
        (">= 1.5 cm left-right difference", "at least 1.5 cm left-right difference"),
        ("<= 3 of 5", "at most 3 of 5"),
        ("mild 8 to < 10 cm, severe < 5 cm", "mild 8 to under 10 cm, severe under 5 cm"),
        ("change >= 4.7 deg (same tester)", "change at least 4.7 degrees (same tester)"),
        ("left knee-to-wall >= 10 cm", "left knee-to-wall at least 10 cm"),
        ("seen in the squat", "seen in the squat"),
    ],
)  # fmt: skip
def test_a_rule_reads_as_a_sentence(rule: str, words: str) -> None:
    assert wording.rule_words(rule) == words


def test_no_rule_of_the_table_keeps_a_comparison_sign() -> None:
    for rule in RULES:
        assert not set("<>=") & set(wording.rule_words(rule.comparison)), rule.key


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("bennell-1998", "Bennell et al. 1998"),
        ("seed-ktw-4in", "Seed article"),
        ("project-default", "Weaklink project default"),
        ("no-such-source", "Weaklink project default"),
    ],
)
def test_a_citation_key_reads_as_author_and_year(key: str, words: str) -> None:
    assert wording.source_words(key) == words


def test_keys_inside_a_sentence_become_citations() -> None:
    assert (
        wording.cited("project default (munro-2012, herrington-2014)", VIDEO_SOURCES)
        == "project default (Munro A et al. 2012, Herrington L 2014)"
    )


def test_every_source_has_a_short_citation_without_its_key() -> None:
    for key in SOURCES:
        assert key not in wording.source_words(key)


@pytest.mark.parametrize(
    ("path", "label", "unit"),
    [
        ("dorsiflexion.left_cm", "Left knee-to-wall", "cm"),
        ("dorsiflexion.right_deg", "Right tibial angle", "degrees"),
        ("hip.abduction_mmt.left", "Left hip abduction grade", "grade"),
        ("squat.heels_rise", "Heels rise in the squat", ""),
        ("pain.knee_nrs", "Knee pain", "points"),
        ("dorsiflexion.{side}_cm", "Knee-to-wall", "cm"),  # the rule table's own path
        ("made.up_path", "A measurement", ""),
    ],
)
def test_a_field_path_reads_as_its_label_and_unit(
    path: str, label: str, unit: str
) -> None:
    assert wording.field_label(path) == label
    assert wording.field_unit(path) == unit


def test_every_rule_field_has_words() -> None:
    for rule in RULES:
        assert wording.field_label(rule.field) != "A measurement", rule.field


@pytest.mark.parametrize(
    ("code", "side", "title"),
    [
        ("knee_valgus", "left", "Knee caves in, left"),
        ("heel_rise", None, "Heels rise in the squat"),
        ("hip_abductor_weakness", "both", "Weak hip abductors, both sides"),
        ("unknown_code", None, "Another finding"),
    ],
)
def test_a_finding_reads_as_its_name_and_side(
    code: str, side: str | None, title: str
) -> None:
    assert wording.finding_title(code, side) == title


def test_every_finding_code_of_the_rules_has_a_name() -> None:
    for rule in RULES:
        if rule.code:
            assert rule.code in wording.FINDING_NAMES, rule.code


@pytest.mark.parametrize(
    ("verdict", "words"),
    [("improved", "Improved"), ("within_error", "Within measurement error"), ("odd", "Not judged")],
)  # fmt: skip
def test_verdicts_read_as_words(verdict: str, words: str) -> None:
    assert wording.verdict_words(verdict) == words


@pytest.mark.parametrize(
    ("status", "words"),
    [("met", "Met"), ("not_yet", "Not yet"), ("not_measured", "Not measured")],
)
def test_exit_criteria_read_as_met_not_yet_or_not_measured(
    status: str, words: str
) -> None:
    assert wording.criterion_words(status) == words


def test_restrictions_read_in_the_vocabulary_order_and_unknown_ones_as_words() -> None:
    first, second = list(CONTRAINDICATIONS)[:2]
    assert wording.contraindication_words([second, first, "old_code"]) == [
        CONTRAINDICATIONS[first],
        CONTRAINDICATIONS[second],
        "Old code",
    ]


@pytest.mark.parametrize(
    ("reason", "words"),
    [("max_pain:2", "for knee pain up to 2/10 only"), ("odd", "not allowed for this client")],
)  # fmt: skip
def test_exclusions_read_as_words(reason: str, words: str) -> None:
    assert wording.exclusion_words(reason) == words


@pytest.mark.parametrize(
    ("share", "words"),
    [(Fraction(2, 3), "two thirds"), (threshold("dynamometer_asymmetry"), "90 %")],
)
def test_shares_read_as_words(share: Fraction, words: str) -> None:
    assert wording.share_words(share) == words


def test_dates_have_one_format() -> None:
    day = date(2026, 11, 27)
    assert wording.date_words(day) == "27 Nov 2026"
    assert wording.short_date_words(day) == "27 Nov"
    assert wording.short_date_words(day, with_year=True) == "27 Nov 26"
    assert wording.day_words(day) == "Friday 27 November"
    assert wording.date_words(None) == "—"


@pytest.mark.parametrize(
    ("during", "next_day", "sentence"),
    [
        (5, None, "Knee 5/10 during Split squat on Friday 27 November."),
        (None, 4, "Knee 4/10 the day after Split squat of Friday 27 November."),
        (None, None, "Pain reported on Friday 27 November."),
    ],
)
def test_a_pain_alert_reads_as_one_sentence(
    during: int | None, next_day: int | None, sentence: str
) -> None:
    assert (
        wording.pain_alert_words(
            drills=["Split squat"],
            on=date(2026, 11, 27),
            pain_during=during,
            pain_next_day=next_day,
        )
        == sentence
    )


def test_ladders_read_as_words() -> None:
    assert wording.ladder_words("hip_abductors") == "Hip abductors"

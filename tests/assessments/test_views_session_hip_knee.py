"""The session pages with the Anterior Knee Pain Scale, the dynamometer unit and body mass."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from assessments.core.hip_knee import KUJALA_ITEMS
from assessments.models import AssessmentSession
from tests.assessments.test_views_session_compare import compare_url, rows_of
from tests.factory import make_client, make_coach, make_session

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# What a coach must never read: field names and contract paths.
CODE_NAMES = (
    "kujala_score",
    "abduction_dyn_unit",
    "body_mass_kg",
    "hip.abduction_dynamometer",
    "crossley-2004",
    "springer-2007",
    "within_error",
    "not_comparable",
)


def create_url(client_id: int) -> str:
    return reverse("assessments:session-create", args=[client_id])


def detail_url(session_id: int) -> str:
    return reverse("assessments:session-detail", args=[session_id])


def form_data(**fields: Any) -> dict[str, object]:
    data: dict[str, object] = {
        "assessed_on": "2026-11-02",
        "ktw_method": "tape",
        "ktw_footwear": "barefoot",
        "unit": "cm",
        "ktw_left_cm": "7",
        "ktw_right_cm": "11",
        "action": "draft",
    }
    data.update(fields)
    return data


def all_items(**changed: int) -> dict[str, str]:
    """Every questionnaire item at its best answer, some changed by number."""
    answers = {f"kujala_item_{item.number}": str(item.most) for item in KUJALA_ITEMS}
    for name, points in changed.items():
        answers[name] = str(points)
    return answers


def visible_text(html: str) -> str:
    """The page without its markup: what a person reads (attributes left out)."""
    body = html[html.index("<main") :]
    return re.sub(r"<[^>]+>", " ", body)


def assert_no_code_names(html: str) -> None:
    text = visible_text(html)
    for name in CODE_NAMES:
        assert name not in text, name


@pytest.fixture
def coach_client(client):
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    return client, athlete


def test_the_form_offers_the_questionnaire_folded_away_with_its_13_questions(
    coach_client,
) -> None:
    client, athlete = coach_client
    html = client.get(create_url(athlete.pk)).content.decode()
    assert "Anterior Knee Pain Scale (Kujala), optional" in html
    assert '<details class="span-2 field-group">' in html
    for item in KUJALA_ITEMS:
        assert f'name="kujala_item_{item.number}"' in html
    assert "Prolonged sitting with the knees bent" in html
    assert 'name="abduction_dyn_unit" value="N"' in html
    assert 'name="body_mass_kg"' in html
    assert_no_code_names(html)


def test_it_saves_a_typed_total(coach_client) -> None:
    client, athlete = coach_client
    response = client.post(create_url(athlete.pk), form_data(kujala_score="72"))
    assert response.status_code == 302
    assert AssessmentSession.objects.get().kujala_score == 72


def test_it_works_out_the_total_from_the_13_answers(coach_client) -> None:
    client, athlete = coach_client
    answers = all_items(kujala_item_4=5, kujala_item_6=6, kujala_item_9=8)
    response = client.post(create_url(athlete.pk), form_data(**answers))
    assert response.status_code == 302
    assert AssessmentSession.objects.get().kujala_score == 100 - 5 - 4 - 2


def test_it_accepts_a_typed_total_that_matches_the_answers(coach_client) -> None:
    client, athlete = coach_client
    answers = all_items(kujala_item_1=3)
    response = client.post(
        create_url(athlete.pk), form_data(kujala_score="98", **answers)
    )
    assert response.status_code == 302
    assert AssessmentSession.objects.get().kujala_score == 98


def test_it_names_unanswered_questions_and_keeps_the_answers(coach_client) -> None:
    client, athlete = coach_client
    answers = all_items(kujala_item_4=8)
    del answers["kujala_item_3"]
    del answers["kujala_item_12"]
    response = client.post(create_url(athlete.pk), form_data(**answers))
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Questions 3, 12 not answered: answer all 13, or leave them all empty "
        "and type the total." in html
    )
    # The folded questions open by themselves, with what was chosen still chosen.
    assert '<details class="span-2 field-group" open>' in html
    stairs = html[html.index('name="kujala_item_4"') :]
    stairs = stairs[: stairs.index("</select>")]
    assert '<option value="8" selected>' in stairs
    assert not AssessmentSession.objects.exists()


def test_it_refuses_a_typed_total_that_is_not_the_sum_of_the_answers(
    coach_client,
) -> None:
    client, athlete = coach_client
    response = client.post(
        create_url(athlete.pk), form_data(kujala_score="90", **all_items())
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "The total typed (90) is not the sum of the answers (100): "
        "clear the total or correct the answers." in html
    )
    assert 'name="kujala_score" value="90"' in html


@pytest.mark.parametrize(
    ("fields", "message", "kept"),
    [
        (
            {"kujala_score": "101"},
            "The Anterior Knee Pain Scale total must be a whole number from 0 to 100",
            'name="kujala_score" value="101"',
        ),
        (
            {"kujala_score": "72.5"},
            "The Anterior Knee Pain Scale total must be a whole number from 0 to 100",
            'name="kujala_score" value="72.5"',
        ),
        (
            {"body_mass_kg": "12"},
            "Body mass must be between 20 and 300 kg",
            'name="body_mass_kg" value="12"',
        ),
        (
            {"body_mass_kg": "heavy"},
            "Enter a number, like 72.5.",
            'name="body_mass_kg" value="heavy"',
        ),
        (
            {"abduction_dyn_left": "180"},
            "Choose the unit of the dynamometer readings: N or kg.",
            'name="abduction_dyn_left" value="180"',
        ),
        (
            {"abduction_dyn_left": "180", "abduction_dyn_unit": "lb"},
            "Choose N or kg.",
            'name="abduction_dyn_left" value="180"',
        ),
    ],
)
def test_it_keeps_the_input_with_a_message_on_the_field(
    coach_client, fields: dict[str, str], message: str, kept: str
) -> None:
    client, athlete = coach_client
    response = client.post(create_url(athlete.pk), form_data(**fields))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert kept in html
    assert not AssessmentSession.objects.exists()


def test_a_unit_error_sits_on_the_unit_field(coach_client) -> None:
    client, athlete = coach_client
    html = client.post(
        create_url(athlete.pk), form_data(abduction_dyn_right="20")
    ).content.decode()
    assert re.search(
        r'<div class="field has-error[^"]*" id="field-abduction_dyn_unit">', html
    )
    field = html[html.index('id="field-abduction_dyn_unit"') :]
    field = field[: field.index('id="field-abduction_dyn_left"')]
    assert "Choose the unit of the dynamometer readings: N or kg." in field


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "kujala_score",
            "120",
            "The Anterior Knee Pain Scale total must be a whole number from 0 to 100",
        ),
        ("body_mass_kg", "301", "Body mass must be between 20 and 300 kg"),
    ],
)
def test_it_checks_the_new_fields_when_the_coach_leaves_them(
    coach_client, field: str, value: str, message: str
) -> None:
    client, athlete = coach_client
    url = reverse("assessments:field-validate", args=[athlete.pk]) + f"?field={field}"
    response = client.post(url, {field: value}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="field-{field}"' in html
    assert message in html
    assert f'value="{value}"' in html


def test_the_session_page_shows_the_score_units_and_strength_per_kg(
    coach_client,
) -> None:
    client, athlete = coach_client
    session = make_session(
        client=athlete,
        stance_left_s=8,
        abduction_dyn_left=180,
        abduction_dyn_right=150,
        abduction_dyn_unit="N",
        body_mass_kg=70,
        kujala_score=72,
    )
    html = client.get(detail_url(session.pk)).content.decode()
    assert "<td>72 of 100</td>" in html
    assert "<td>180 N</td><td>150 N</td>" in html
    assert (
        '<th scope="row">Hip abduction strength per kg of body mass</th>'
        "<td>2.57 N per kg</td><td>2.14 N per kg</td>" in html
    )
    assert '<td colspan="2">70 kg</td>' in html
    assert (
        "Single-leg stance age-band norms not shown: figures not confirmed, "
        "so only the 10 s rule applies." in html
    )
    assert_no_code_names(html)


def test_it_shows_no_strength_per_kg_without_body_mass(coach_client) -> None:
    client, athlete = coach_client
    session = make_session(
        client=athlete, abduction_dyn_left=18, abduction_dyn_unit="kg"
    )
    html = client.get(detail_url(session.pk)).content.decode()
    assert "<td>18 kg</td>" in html
    assert "per kg of body mass" not in html
    # No stance measured: nothing to say about its norms.
    assert "age-band norms" not in html


def test_a_draft_keeps_its_total_on_the_form(coach_client) -> None:
    client, athlete = coach_client
    draft = make_session(
        client=athlete,
        final=False,
        kujala_score=64,
        abduction_dyn_left=20,
        abduction_dyn_unit="kg",
    )
    html = client.get(detail_url(draft.pk)).content.decode()
    assert 'name="kujala_score" value="64"' in html
    assert 'value="kg" id="id_abduction_dyn_unit_1" checked' in html
    assert '<span class="suffix" data-dyn-suffix>kg</span>' in html


# --- The comparison page ------------------------------------------------------------


def compared(coach_client, before: dict, after: dict) -> tuple[str, dict[str, str]]:
    client, athlete = coach_client
    make_session(client=athlete, assessed_on=date(2026, 10, 1), **before)
    current = make_session(client=athlete, assessed_on=date(2026, 11, 2), **after)
    html = client.get(compare_url(current.pk)).content.decode()
    return html, rows_of(html)


KUJALA_ROW = "Anterior Knee Pain Scale (Kujala)"


@pytest.mark.parametrize(
    ("before", "after", "verdict", "words"),
    [
        (60, 70, "Meaningful change", "Better by 10 points"),
        (60, 69, "Less than the 10-point meaningful change", "not a meaningful change"),
        (70, 61, "Less than the 10-point meaningful change", "not a meaningful change"),
        (75, 63, "Meaningful change", "Worse by 12 points"),
    ],
)
def test_the_comparison_judges_the_kujala_change_against_10_points(
    coach_client, before: int, after: int, verdict: str, words: str
) -> None:
    html, rows = compared(
        coach_client, {"kujala_score": before}, {"kujala_score": after}
    )
    row = rows[KUJALA_ROW]
    assert f"<td>{before} of 100</td>" in row
    assert f"<td>{after} of 100</td>" in row
    assert f"<td>{after - before:+d}</td>" in row
    assert "<td>10 points (meaningful change)</td>" in row
    assert f">{verdict}</span>" in row
    assert words in row
    assert_no_code_names(html)


def test_the_comparison_has_no_kujala_row_when_one_session_lacks_it(
    coach_client,
) -> None:
    _, rows = compared(coach_client, {}, {"kujala_score": 70})
    assert KUJALA_ROW not in rows


def test_the_comparison_never_compares_readings_in_different_units(
    coach_client,
) -> None:
    html, rows = compared(
        coach_client,
        {"abduction_dyn_left": 180, "abduction_dyn_unit": "N"},
        {"abduction_dyn_left": 22, "abduction_dyn_unit": "kg"},
    )
    row = rows["Left hip abduction dynamometer"]
    assert "verdict-not_comparable" in row
    assert ">Not comparable</span>" in row
    assert "Not comparable: different units (N before, kg now)." in row
    assert "Improved" not in row and "Worse" not in row
    assert_no_code_names(html)


def test_the_comparison_shows_the_shared_unit(coach_client) -> None:
    _, rows = compared(
        coach_client,
        {"abduction_dyn_left": 100, "abduction_dyn_unit": "N"},
        {"abduction_dyn_left": 130, "abduction_dyn_unit": "N"},
    )
    row = rows["Left hip abduction dynamometer"]
    assert "<td>100 N</td>" in row
    assert "<td>130 N</td>" in row
    assert "<td>+30 N</td>" in row
    assert "verdict-improved" in row


def test_the_comparison_keeps_its_few_queries_with_the_new_rows(
    coach_client, django_assert_max_num_queries
) -> None:
    client, athlete = coach_client
    make_session(
        client=athlete,
        assessed_on=date(2026, 10, 1),
        kujala_score=60,
        abduction_dyn_left=180,
        abduction_dyn_unit="N",
    )
    current = make_session(
        client=athlete,
        assessed_on=date(2026, 11, 2),
        kujala_score=75,
        abduction_dyn_left=20,
        abduction_dyn_unit="kg",
    )
    # The same pin as the comparison page's own test (one is the audit log line).
    with django_assert_max_num_queries(5):
        assert client.get(compare_url(current.pk)).status_code == 200


def test_a_new_session_keeps_the_last_dynamometer_unit(coach_client) -> None:
    client, athlete = coach_client
    make_session(client=athlete, abduction_dyn_left=20, abduction_dyn_unit="kg")
    html = client.get(create_url(athlete.pk)).content.decode()
    assert 'value="kg" id="id_abduction_dyn_unit_1" checked' in html
    assert 'name="abduction_dyn_left" ' in html
    assert 'name="body_mass_kg" step' in html  # body mass is weighed again, not copied


def test_a_first_session_has_no_dynamometer_unit_chosen(coach_client) -> None:
    client, athlete = coach_client
    html = client.get(create_url(athlete.pk)).content.decode()
    assert 'name="abduction_dyn_unit" value="N" id="id_abduction_dyn_unit_0">' in html
    assert 'name="abduction_dyn_unit" value="kg" id="id_abduction_dyn_unit_1">' in html

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factory import make_client, make_client_user, make_coach, make_session

pytestmark = pytest.mark.django_db


def compare_url(session_id: int) -> str:
    return reverse("assessments:session-compare", args=[session_id])


def rows_of(html: str) -> dict[str, str]:
    """Each change-table row by its measure, as one string."""
    body = html[html.index('class="change-table"') :]
    body = body[: body.index("</table>")]
    rows = {}
    for chunk in body.split('<th scope="row">')[1:]:
        measure, rest = chunk.split("</th>", 1)
        rows[measure] = rest[: rest.index("</tr>")]
    return rows


def test_it_shows_the_change_table_with_mdc_verdicts(client) -> None:
    athlete = make_client(coach=make_coach())
    previous = make_session(
        client=athlete,
        assessed_on=date(2026, 10, 1),
        ktw_left_cm=5.0,
        ktw_right_cm=11.0,
        stance_left_s=20,
    )
    current = make_session(
        client=athlete,
        assessed_on=date(2026, 11, 2),
        ktw_left_cm=8.0,
        ktw_right_cm=10.0,
        stance_left_s=9,
    )
    client.force_login(athlete.coach)
    response = client.get(compare_url(current.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("assessments:session-detail", args=[previous.pk]) in html
    rows = rows_of(html)
    assert "<td>5.0 cm</td>" in rows["Left knee-to-wall"]
    assert "<td>8.0 cm</td>" in rows["Left knee-to-wall"]
    assert "<td>+3.0 cm</td>" in rows["Left knee-to-wall"]
    assert "<td>1.9 cm</td>" in rows["Left knee-to-wall"]
    assert "verdict-improved" in rows["Left knee-to-wall"]
    assert "verdict-within_error" in rows["Right knee-to-wall"]
    assert "Within measurement error" in rows["Right knee-to-wall"]
    assert (
        "Smaller than the 1.9 cm the test can detect: not progress."
        in rows["Right knee-to-wall"]
    )
    assert "verdict-worse" in rows["Left single-leg stance"]


def test_it_explains_why_results_are_not_comparable(client) -> None:
    athlete = make_client(coach=make_coach())
    make_session(
        client=athlete,
        assessed_on=date(2026, 10, 1),
        ktw_left_cm=5.0,
        ktw_footwear="shoes",
    )
    current = make_session(
        client=athlete, assessed_on=date(2026, 11, 2), ktw_left_cm=9.0
    )
    client.force_login(athlete.coach)
    rows = rows_of(client.get(compare_url(current.pk)).content.decode())
    assert "verdict-not_comparable" in rows["Left knee-to-wall"]
    assert "Not comparable" in rows["Left knee-to-wall"]
    assert "footwear was shoes, now barefoot" in rows["Left knee-to-wall"]


def test_it_says_so_kindly_when_there_is_no_previous_session(client) -> None:
    athlete = make_client(coach=make_coach(), name="Sam Lee")
    session = make_session(client=athlete)
    client.force_login(athlete.coach)
    response = client.get(compare_url(session.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no earlier final session for Sam Lee to compare with yet" in html
    assert "change-table" not in html


def test_it_ignores_drafts_and_later_sessions_as_the_previous_one(client) -> None:
    athlete = make_client(coach=make_coach())
    first = make_session(client=athlete, assessed_on=date(2026, 10, 1))
    make_session(client=athlete, assessed_on=date(2026, 10, 15), final=False)
    make_session(client=athlete, assessed_on=date(2026, 12, 1))
    current = make_session(client=athlete, assessed_on=date(2026, 11, 2))
    client.force_login(athlete.coach)
    response = client.get(compare_url(current.pk))
    assert response.context["previous"] == first


def test_it_hides_other_coaches_sessions(client) -> None:
    session = make_session(client=make_client(coach=make_coach()))
    client.force_login(make_coach())
    assert client.get(compare_url(session.pk)).status_code == 404


def test_it_forbids_client_users(client) -> None:
    session = make_session(client=make_client(coach=make_coach()))
    client.force_login(make_client_user(client=session.client))
    assert client.get(compare_url(session.pk)).status_code == 403


def test_it_issues_the_same_few_queries_with_ten_times_the_sessions(
    client, django_assert_max_num_queries
) -> None:
    athlete = make_client(coach=make_coach())
    make_session(client=athlete, assessed_on=date(2026, 9, 1))
    current = make_session(client=athlete, assessed_on=date(2026, 11, 2))
    client.force_login(athlete.coach)
    # One of these is the audit log line (clients/records.py).
    with django_assert_max_num_queries(5):
        assert client.get(compare_url(current.pk)).status_code == 200
    for day in range(1, 10):
        make_session(client=athlete, assessed_on=date(2026, 10, day))
    with django_assert_max_num_queries(5):
        assert client.get(compare_url(current.pk)).status_code == 200


def test_it_words_grades_and_dynamometer_readings_without_claiming_an_mdc(
    client,
) -> None:
    athlete = make_client(coach=make_coach())
    make_session(
        client=athlete,
        assessed_on=date(2026, 10, 1),
        abduction_mmt_left=3,
        abduction_dyn_left=200,
        abduction_dyn_unit="N",
    )
    current = make_session(
        client=athlete,
        assessed_on=date(2026, 11, 2),
        abduction_mmt_left=3,
        abduction_dyn_left=210,
        abduction_dyn_unit="N",
    )
    client.force_login(athlete.coach)
    rows = rows_of(client.get(compare_url(current.pk)).content.decode())
    # No published MDC for either (CLINICAL.md section 11): direction only.
    assert "The same as last time." in rows["Left hip abduction grade"]
    assert (
        "Better than last time; this test has no published measurement error."
        in rows["Left hip abduction dynamometer"]
    )
    assert "can detect" not in rows["Left hip abduction dynamometer"]

"""The coach's distance unit: remembered from the session form, used on every page showing a distance."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from assessments.models import AssessmentSession
from tests.factory import make_client, make_coach, make_program, make_session

pytestmark = pytest.mark.django_db


def entry(**fields: str) -> dict[str, str]:
    data = {
        "assessed_on": "2026-11-02",
        "ktw_method": "tape",
        "ktw_footwear": "barefoot",
        "unit": "in",
        "ktw_left_cm": "2.75",
        "ktw_right_cm": "4.5",
        "action": "final",
    }
    data.update(fields)
    return data


def test_typing_inches_is_remembered_and_shown_in_inches(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    response = client.post(
        reverse("assessments:session-create", args=[athlete.pk]), entry()
    )
    assert response.status_code == 302
    session = AssessmentSession.objects.get()
    assert session.ktw_left_cm == pytest.approx(6.985)  # stored in cm
    coach.refresh_from_db()
    assert coach.distance_unit == "in"
    html = client.get(response["Location"]).content.decode()
    assert "2.75 in" in html
    assert "6.985" not in html
    page = client.get(reverse("clients:detail", args=[athlete.pk])).content.decode()
    assert "L 2.75 in / R 4.5 in" in page
    assert "in from the wall" in page  # the chart's axis


def test_a_cm_coach_reads_the_same_session_in_cm(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    session = make_session(client=athlete, ktw_left_cm=6.985, ktw_right_cm=11.43)
    client.force_login(coach)
    html = client.get(
        reverse("assessments:session-detail", args=[session.pk])
    ).content.decode()
    assert "7.0 cm" in html
    assert "6.985" not in html


def test_an_inches_coach_edits_a_draft_in_inches_without_drift(client) -> None:
    coach = make_coach(distance_unit="in")
    athlete = make_client(coach=coach)
    draft = make_session(
        client=athlete, final=False, ktw_left_cm=7.0, ktw_right_cm=11.0
    )
    client.force_login(coach)
    url = reverse("assessments:session-detail", args=[draft.pk])
    form = client.get(url).content.decode()
    assert 'value="2.76"' in form  # 7.0 cm shown in inches
    # Sent back untouched, the stored cm stay as they were (2.76 in would be 7.0104 cm).
    response = client.post(
        url, entry(ktw_left_cm="2.76", ktw_right_cm="4.33", action="draft")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.ktw_left_cm, draft.ktw_right_cm) == (7.0, 11.0)


def test_the_program_page_reads_its_criteria_in_the_coachs_unit(client) -> None:
    program = make_program()
    coach = program.client.coach
    coach.distance_unit = "in"
    coach.save()
    client.force_login(coach)
    html = client.get(
        reverse("programs:program-detail", args=[program.pk])
    ).content.decode()
    criteria = html.split('<div class="exit-criteria">', 1)[1].split("</div>", 1)[0]
    # 7.0 cm + the 1.9 cm MDC = 8.9 cm, read in inches.
    assert "left knee-to-wall at least 3.5 in (up from 2.76 in" in criteria
    assert " cm" not in criteria


def test_the_change_table_reads_in_the_coachs_unit(client) -> None:
    coach = make_coach(distance_unit="in")
    athlete = make_client(coach=coach)
    make_session(client=athlete, assessed_on=date(2026, 10, 1), ktw_left_cm=5.08)
    current = make_session(
        client=athlete, assessed_on=date(2026, 11, 2), ktw_left_cm=10.16
    )
    client.force_login(coach)
    html = client.get(
        reverse("assessments:session-compare", args=[current.pk])
    ).content.decode()
    row = html[html.index("Left knee-to-wall</th>") :]
    row = row[: row.index("</tr>")]
    assert "2.0 in" in row and "4.0 in" in row and "+2.0 in" in row
    assert "0.75 in" in row  # the 1.9 cm measurement error
    assert " cm" not in row

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import AssessmentSession
from tests.factory import make_client, make_client_user, make_coach, make_session

pytestmark = pytest.mark.django_db


def create_url(client_id: int) -> str:
    return reverse("assessments:session-create", args=[client_id])


def form_data(**fields: Any) -> dict[str, object]:
    """A valid entry form as the browser posts it (unticked boxes are absent)."""
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
    return {key: value for key, value in data.items() if value is not None}


def test_it_shows_the_fields_in_test_order_left_before_right(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    response = client.get(create_url(athlete.pk))
    assert response.status_code == 200
    html = response.content.decode()
    order = [
        'name="assessed_on"',
        'name="ktw_method"',
        'name="ktw_footwear"',
        'name="unit"',
        'name="ktw_left_cm"',
        'name="ktw_right_cm"',
        'name="ktw_left_deg"',
        'name="ktw_right_deg"',
        'name="heels_rise"',
        'name="anterior_knee_pain"',
        'name="knees_cave_left"',
        'name="knees_cave_right"',
        'name="arch_collapse_left"',
        'name="arch_collapse_right"',
        'name="stance_left_s"',
        'name="stance_right_s"',
        'name="step_down_valgus_left"',
        'name="step_down_valgus_right"',
        'name="abduction_mmt_left"',
        'name="abduction_mmt_right"',
        'name="quad_dominant"',
        'name="glute_notes"',
        'name="knee_pain_nrs"',
        'name="red_flags"',
        'name="notes"',
        'value="draft"',
        'value="final"',
        'id="findings-panel"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_it_wires_live_findings_and_validation_through_htmx(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    html = client.get(create_url(athlete.pk)).content.decode()
    assert f'hx-post="/sessions/preview/{athlete.pk}/"' in html
    assert 'hx-target="#findings-panel"' in html
    assert f'hx-post="/sessions/validate/{athlete.pk}/?field=ktw_left_cm"' in html
    assert 'hx-target="#field-ktw_left_cm"' in html
    assert 'id="field-ktw_left_cm"' in html
    assert f'action="{create_url(athlete.pk)}"' in html
    assert "js/assessment.js" in html
    assert "css/assessment.css" in html


def test_it_defaults_to_today_and_the_previous_method_and_footwear(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    make_session(
        client=athlete, ktw_method="inclinometer", ktw_footwear="shoes", final=False
    )
    client.force_login(coach)
    form = client.get(create_url(athlete.pk)).context["form"]
    assert form["assessed_on"].value() == timezone.localdate()
    assert form["ktw_method"].value() == "inclinometer"
    assert form["ktw_footwear"].value() == "shoes"
    assert form["unit"].value() == "cm"


def test_it_defaults_to_tape_and_barefoot_for_a_first_session(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    form = client.get(create_url(athlete.pk)).context["form"]
    assert form["ktw_method"].value() == "tape"
    assert form["ktw_footwear"].value() == "barefoot"


def test_it_saves_a_draft_and_redirects_to_it(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    response = client.post(
        create_url(athlete.pk),
        form_data(heels_rise="on", knees_cave_left="on", red_flags=["swelling"]),
    )
    session = AssessmentSession.objects.get(client=athlete)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assessments:session-detail", args=[session.pk]
    )
    assert session.status == "draft"
    assert session.coach == coach
    assert session.ktw_left_cm == 7.0
    assert session.heels_rise is True
    assert session.knees_cave_left is True
    assert session.knees_cave_right is False
    assert session.red_flags == ["swelling"]
    assert session.refer_out is True
    assert "ankle_dorsiflexion_restricted" in session.finding_codes


def test_it_stores_inches_as_cm(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    client.post(
        create_url(athlete.pk),
        form_data(unit="in", ktw_left_cm="3", ktw_right_cm="4.5"),
    )
    session = AssessmentSession.objects.get(client=athlete)
    assert session.ktw_left_cm == pytest.approx(7.62)
    assert session.ktw_right_cm == pytest.approx(11.43)
    assert session.ktw_unit == "in"


def saved_in_inches(client, **fields: object) -> AssessmentSession:
    """A session the coach typed in inches: 2.75 in (6.985 cm) and 4.5 in (11.43 cm)."""
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    client.post(
        create_url(athlete.pk),
        form_data(unit="in", ktw_left_cm="2.75", ktw_right_cm="4.5", **fields),
    )
    return AssessmentSession.objects.get(client=athlete)


def test_a_draft_typed_in_inches_opens_in_inches_again(client) -> None:
    session = saved_in_inches(client)
    form = client.get(reverse("assessments:session-detail", args=[session.pk])).context[
        "form"
    ]
    assert form["unit"].value() == "in"
    assert form["ktw_left_cm"].value() == pytest.approx(2.75)
    assert form["ktw_right_cm"].value() == pytest.approx(4.5)


def test_a_final_session_typed_in_inches_reads_in_inches_with_cm(client) -> None:
    session = saved_in_inches(client, action="final")
    page = client.get(
        reverse("assessments:session-detail", args=[session.pk])
    ).content.decode()
    assert "2.75 in (7.0 cm)" in page and "4.5 in (11.4 cm)" in page
    assert "6.985" not in page and "11.43" not in page
    timeline = client.get(
        reverse("clients:detail", args=[session.client_id])
    ).content.decode()
    assert "knee-to-wall L 2.75 in (7.0 cm) / R 4.5 in (11.4 cm)" in timeline


def test_it_finalises_straight_from_the_new_form(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    response = client.post(create_url(athlete.pk), form_data(action="final"))
    session = AssessmentSession.objects.get(client=athlete)
    assert response.status_code == 302
    assert session.status == "final"
    assert session.finalised_by == coach


def test_it_keeps_the_input_and_shows_field_messages_on_bad_input(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    response = client.post(
        create_url(athlete.pk),
        form_data(
            ktw_left_cm="45",
            stance_left_s="-3",
            abduction_mmt_right="7",
            knee_pain_nrs="11",
            notes="keep me",
            heels_rise="on",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Knee-to-wall must be between 0 and 30 cm" in html
    assert "Single-leg stance must be between 0 and 600 seconds" in html
    assert "Hip abduction grade must be a whole number from 0 to 5" in html
    assert "Knee pain must be a whole number from 0 to 10" in html
    assert 'name="ktw_left_cm" value="45"' in html
    assert "keep me" in html
    assert 'name="heels_rise" id="id_heels_rise" checked' in html
    assert not AssessmentSession.objects.exists()


def test_it_gives_the_inches_limit_when_typing_in_inches(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    response = client.post(
        create_url(athlete.pk), form_data(unit="in", ktw_left_cm="12")
    )
    assert response.status_code == 400
    assert "Knee-to-wall must be between 0 and 11.8 in" in response.content.decode()
    assert not AssessmentSession.objects.exists()


def test_it_rejects_a_date_in_the_future(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        create_url(athlete.pk), form_data(assessed_on=tomorrow.isoformat())
    )
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()


def test_it_shows_findings_of_the_valid_fields_when_the_form_comes_back(
    client,
) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    response = client.post(
        create_url(athlete.pk), form_data(ktw_right_cm="99", heels_rise="on")
    )
    assert response.status_code == 400
    html = response.content.decode()
    panel = html[html.index('id="findings-panel"') :]
    assert "Stiff ankle (restricted dorsiflexion), left" in panel
    assert "Heels rise in the squat" in panel


def test_it_hides_other_coaches_clients(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(make_coach())
    assert client.get(create_url(athlete.pk)).status_code == 404
    assert client.post(create_url(athlete.pk), form_data()).status_code == 404
    assert not AssessmentSession.objects.exists()


def test_it_forbids_client_users(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(make_client_user(client=athlete))
    assert client.get(create_url(athlete.pk)).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client) -> None:
    athlete = make_client(coach=make_coach())
    response = client.get(create_url(athlete.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_issues_the_same_few_queries_with_ten_times_the_sessions(
    client, django_assert_max_num_queries
) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    make_session(client=athlete)
    client.force_login(coach)
    # 5: one of them reads the squat flags the coach confirmed on video since.
    with django_assert_max_num_queries(5):
        assert client.get(create_url(athlete.pk)).status_code == 200
    for day in range(1, 10):
        make_session(client=athlete, assessed_on=date(2026, 10, day))
    with django_assert_max_num_queries(5):
        assert client.get(create_url(athlete.pk)).status_code == 200

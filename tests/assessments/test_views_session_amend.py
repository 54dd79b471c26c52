from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assessments.models import AssessmentSession
from tests.factory import make_client, make_client_user, make_coach, make_session

pytestmark = pytest.mark.django_db


def amend_url(session_id: int) -> str:
    return reverse("assessments:session-amend", args=[session_id])


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
        "heels_rise": "on",
        "reason": "Left and right swapped",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def make_final() -> AssessmentSession:
    coach = make_coach(username="dana", first_name="Dana", last_name="Reyes")
    return make_session(client=make_client(coach=coach), stance_left_s=12)


def test_it_prefills_the_correction_form_from_the_final_session(client) -> None:
    original = make_final()
    client.force_login(original.coach)
    response = client.get(amend_url(original.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="ktw_left_cm" value="7.0"' in html
    assert 'name="stance_left_s" value="12.0"' in html
    assert 'name="reason"' in html
    assert "Reason for the correction" in html
    assert f'action="{amend_url(original.pk)}"' in html


def test_it_records_a_correction_and_keeps_the_original(client) -> None:
    original = make_final()
    client.force_login(original.coach)
    response = client.post(
        amend_url(original.pk), form_data(ktw_left_cm="11", ktw_right_cm="7")
    )
    amended = AssessmentSession.objects.get(amends=original)
    assert response.status_code == 302
    assert response["Location"] == detail_url(amended.pk)
    original.refresh_from_db()
    assert original.superseded_at is not None
    assert original.ktw_left_cm == 7.0
    assert original.status == "final"
    assert amended.ktw_left_cm == 11.0
    assert amended.status == "final"
    assert amended.amendment_reason == "Left and right swapped"
    assert amended.finalised_by == original.coach


def test_it_says_who_amended_what_and_when_on_both_pages(client) -> None:
    original = make_final()
    client.force_login(original.coach)
    client.post(amend_url(original.pk), form_data())
    amended = AssessmentSession.objects.get(amends=original)

    new_page = client.get(detail_url(amended.pk)).content.decode()
    assert (
        "Amends the session of 2 Nov 2026: Left and right swapped, by Dana Reyes on"
        in new_page
    )
    assert detail_url(original.pk) in new_page

    old_page = client.get(detail_url(original.pk)).content.decode()
    assert "This session was amended on" in old_page
    assert f'href="{detail_url(amended.pk)}"' in old_page
    # Only the current version offers an amendment or a program.
    assert amend_url(original.pk) not in old_page
    assert "Generate program" not in old_page


def test_it_requires_a_reason_and_keeps_the_input(client) -> None:
    original = make_final()
    client.force_login(original.coach)
    response = client.post(
        amend_url(original.pk), form_data(reason="", ktw_left_cm="9.5")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert 'name="ktw_left_cm" value="9.5"' in html
    assert not AssessmentSession.objects.filter(amends=original).exists()
    original.refresh_from_db()
    assert original.superseded_at is None


def test_it_gives_field_messages_on_a_bad_correction(client) -> None:
    original = make_final()
    client.force_login(original.coach)
    response = client.post(amend_url(original.pk), form_data(ktw_left_cm="31"))
    assert response.status_code == 400
    assert "Knee-to-wall must be between 0 and 30 cm" in response.content.decode()
    original.refresh_from_db()
    assert original.superseded_at is None


def test_it_refuses_to_amend_an_amended_session_twice(client) -> None:
    original = make_final()
    client.force_login(original.coach)
    client.post(amend_url(original.pk), form_data())
    response = client.post(amend_url(original.pk), form_data(ktw_left_cm="3"))
    assert response.status_code == 409
    assert "already been amended" in response.content.decode()
    assert AssessmentSession.objects.filter(client=original.client).count() == 2


def test_it_sends_a_draft_to_plain_editing(client) -> None:
    draft = make_session(client=make_client(coach=make_coach()), final=False)
    client.force_login(draft.coach)
    response = client.get(amend_url(draft.pk))
    assert response.status_code == 409
    assert "edit it directly" in response.content.decode()


def test_it_hides_other_coaches_sessions(client) -> None:
    original = make_final()
    client.force_login(make_coach())
    assert client.get(amend_url(original.pk)).status_code == 404
    assert client.post(amend_url(original.pk), form_data()).status_code == 404
    original.refresh_from_db()
    assert original.superseded_at is None


def test_it_forbids_client_users(client) -> None:
    original = make_final()
    client.force_login(make_client_user(client=original.client))
    assert client.get(amend_url(original.pk)).status_code == 403

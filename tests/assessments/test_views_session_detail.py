from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from assessments.models import AssessmentSession
from clients.models import User
from tests.factory import make_client, make_client_user, make_coach, make_session

pytestmark = pytest.mark.django_db


def detail_url(session_id: int) -> str:
    return reverse("assessments:session-detail", args=[session_id])


def finalise_url(session_id: int) -> str:
    return reverse("assessments:session-finalise", args=[session_id])


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


def make_draft(coach: User | None = None, **fields: Any) -> AssessmentSession:
    athlete = make_client(coach=coach or make_coach())
    return make_session(client=athlete, final=False, **fields)


def test_it_shows_a_draft_as_the_form_with_its_saved_findings(client) -> None:
    draft = make_draft(ktw_left_cm=6.5, stance_right_s=4)
    client.force_login(draft.coach)
    response = client.get(detail_url(draft.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="ktw_left_cm" value="6.5"' in html
    assert f'formaction="{finalise_url(draft.pk)}"' in html
    panel = html[html.index('id="findings-panel"') :]
    assert "Stiff ankle (restricted dorsiflexion), left" in panel
    assert "Poor single-leg balance, right" in panel
    assert "nothing is saved until you save" not in panel


def test_it_saves_changes_to_a_draft(client) -> None:
    draft = make_draft()
    client.force_login(draft.coach)
    response = client.post(
        detail_url(draft.pk), form_data(ktw_left_cm="10.5", forward_lean="on")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.ktw_left_cm == 10.5
    assert draft.forward_lean is True
    assert draft.heels_rise is False
    assert draft.status == "draft"
    assert "ankle_dorsiflexion_restricted" not in draft.finding_codes


def test_it_keeps_the_input_when_a_draft_edit_is_invalid(client) -> None:
    draft = make_draft()
    client.force_login(draft.coach)
    response = client.post(detail_url(draft.pk), form_data(ktw_right_deg="120"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tibial angle must be between 0 and 90 degrees" in html
    assert 'name="ktw_right_deg" value="120"' in html
    draft.refresh_from_db()
    assert draft.ktw_right_deg is None


def test_it_finalises_what_is_on_screen(client) -> None:
    draft = make_draft()
    client.force_login(draft.coach)
    response = client.post(
        finalise_url(draft.pk), form_data(ktw_left_cm="8", action="final")
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(draft.pk)
    draft.refresh_from_db()
    assert draft.status == "final"
    assert draft.ktw_left_cm == 8.0
    assert draft.finalised_by == draft.coach


def test_it_finalises_a_saved_draft_without_the_form(client) -> None:
    draft = make_draft()
    client.force_login(draft.coach)
    response = client.post(finalise_url(draft.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "final"


def test_it_keeps_the_draft_when_finalising_bad_input(client) -> None:
    draft = make_draft()
    client.force_login(draft.coach)
    response = client.post(
        finalise_url(draft.pk), form_data(knee_pain_nrs="12", action="final")
    )
    assert response.status_code == 400
    assert 'name="knee_pain_nrs" value="12"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_redirects_htmx_requests_with_a_client_redirect(client) -> None:
    draft = make_draft()
    client.force_login(draft.coach)
    response = client.post(
        detail_url(draft.pk), form_data(), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == detail_url(draft.pk)


def test_it_shows_a_final_session_read_only_with_its_actions(client) -> None:
    session = make_session(client=make_client(coach=make_coach()), stance_left_s=6)
    client.force_login(session.coach)
    response = client.get(detail_url(session.pk))
    assert response.status_code == 200
    html = response.content.decode()
    # Read-only: the only inputs are the CSRF tokens of the action forms.
    assert html.count("<input") == html.count('name="csrfmiddlewaretoken"')
    assert "<textarea" not in html
    assert "7.0 cm" in html and "11.0 cm" in html
    assert "6 s" in html
    assert "Stiff ankle (restricted dorsiflexion), left" in html
    assert reverse("assessments:session-compare", args=[session.pk]) in html
    assert f'action="{reverse("programs:program-generate", args=[session.pk])}"' in html
    assert "Generate program" in html
    assert reverse("assessments:session-amend", args=[session.pk]) in html


def test_it_tells_the_coach_to_refer_out_on_red_flags(client) -> None:
    session = make_session(
        client=make_client(coach=make_coach()),
        red_flags=["locking", "night_pain"],
        knee_pain_nrs=8,
    )
    client.force_login(session.coach)
    html = client.get(detail_url(session.pk)).content.decode()
    assert 'class="alert"' in html
    assert "Refer to a clinician before programming" in html
    assert "Locking, Night or rest pain, knee pain 8/10" in html


def test_it_refuses_to_edit_a_final_session(client) -> None:
    session = make_session(client=make_client(coach=make_coach()))
    client.force_login(session.coach)
    response = client.post(detail_url(session.pk), form_data(ktw_left_cm="12"))
    assert response.status_code == 409
    assert "This session is final and cannot be edited" in response.content.decode()
    session.refresh_from_db()
    assert session.ktw_left_cm == 7.0


def test_it_refuses_to_edit_after_finalising(client) -> None:
    draft = make_draft()
    client.force_login(draft.coach)
    client.post(finalise_url(draft.pk), form_data(action="final"))
    again = client.post(finalise_url(draft.pk), form_data(ktw_left_cm="12"))
    edit = client.post(detail_url(draft.pk), form_data(ktw_left_cm="12"))
    assert again.status_code == 409
    assert edit.status_code == 409
    draft.refresh_from_db()
    assert draft.ktw_left_cm == 7.0


def test_it_hides_other_coaches_sessions(client) -> None:
    draft = make_draft()
    final = make_session(client=draft.client)
    client.force_login(make_coach())
    assert client.get(detail_url(draft.pk)).status_code == 404
    assert client.get(detail_url(final.pk)).status_code == 404
    assert client.post(detail_url(draft.pk), form_data()).status_code == 404
    assert client.post(finalise_url(draft.pk)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_forbids_client_users(client) -> None:
    draft = make_draft()
    client.force_login(make_client_user(client=draft.client))
    assert client.get(detail_url(draft.pk)).status_code == 403
    assert client.post(finalise_url(draft.pk)).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client) -> None:
    draft = make_draft()
    response = client.get(detail_url(draft.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("final", [False, True])
def test_it_issues_the_same_few_queries_with_ten_times_the_sessions(
    client, django_assert_max_num_queries, final: bool
) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    session = make_session(client=athlete, final=final)
    client.force_login(coach)
    # One of these is the audit log line (clients/records.py); a final session
    # also asks whether the client is referred (the Generate button) and which
    # squat flags it took from video.
    pinned = 6 if final else 4
    with django_assert_max_num_queries(pinned):
        assert client.get(detail_url(session.pk)).status_code == 200
    for day in range(1, 10):
        make_session(client=athlete, assessed_on=date(2026, 10, day))
    with django_assert_max_num_queries(pinned):
        assert client.get(detail_url(session.pk)).status_code == 200


def test_it_offers_the_clearance_instead_of_generate_after_red_flags(client) -> None:
    session = make_session(red_flags=["swelling", "giving_way"])
    client.force_login(session.coach)
    body = client.get(detail_url(session.pk)).content.decode()
    assert "No program until cleared." in body
    assert "Record the clinician&#x27;s clearance" in body
    assert reverse("programs:program-generate", args=[session.pk]) not in body


def test_it_refuses_a_generate_post_for_a_referred_client(client) -> None:
    from programs.models import Program
    from tests.factory import load_library

    load_library()
    session = make_session(red_flags=["swelling"])
    client.force_login(session.coach)
    response = client.post(
        reverse("programs:program-generate", args=[session.pk]), follow=True
    )
    assert response.status_code == 200
    assert "is referred to a clinician" in response.content.decode()
    assert not Program.objects.filter(client=session.client).exists()

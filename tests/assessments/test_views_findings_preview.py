from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import AssessmentSession
from tests.factory import make_client, make_client_user, make_coach, make_session

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def preview_url(client_id: int) -> str:
    return reverse("assessments:findings-preview", args=[client_id])


def test_it_returns_the_findings_panel_alone(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    response = client.post(
        preview_url(athlete.pk),
        {"unit": "cm", "ktw_left_cm": "6", "ktw_right_cm": "11"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<aside id="findings-panel"')
    assert "Stiff ankle (restricted dorsiflexion), left" in html
    assert "severity-moderate" in html
    assert "Left knee-to-wall: <strong>6.0 cm</strong>" in html
    assert "rule: under 10 cm" in html
    assert "Seed article, project default, not a validated norm" in html
    assert "project default, not a validated norm" in html
    # The asymmetry rule cites a published source.
    assert "Chisholm et al. 2012, published</abbr>" in html
    assert "seed-ktw-4in" not in html and "&lt;" not in html
    assert "knee-to-wall 6.0 cm, we aim for 10 cm" in html


def test_it_saves_nothing(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    client.post(
        preview_url(athlete.pk),
        {"assessed_on": "2026-11-02", "ktw_left_cm": "6", "heels_rise": "on"},
        headers=HTMX,
    )
    assert not AssessmentSession.objects.exists()


def test_it_reads_distances_in_inches(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(
        preview_url(athlete.pk),
        {"unit": "in", "ktw_left_cm": "2.75", "ktw_right_cm": "4.5"},
        headers=HTMX,
    ).content.decode()
    # 2.75 in is 6.985 cm: shown to a tape measure's precision.
    assert "Left knee-to-wall: <strong>7.0 cm</strong>" in html
    assert "Right ankle" not in html


def test_it_ignores_invalid_fields_and_keeps_the_rest(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(
        preview_url(athlete.pk),
        {
            "unit": "cm",
            "ktw_left_cm": "99",
            "stance_right_s": "abc",
            "heels_rise": "on",
        },
        headers=HTMX,
    ).content.decode()
    assert "Heels rise in the squat" in html
    assert "ankle dorsiflexion" not in html
    assert "balance" not in html


def test_it_shows_a_red_alert_naming_the_reasons_to_refer_out(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(
        preview_url(athlete.pk),
        {"red_flags": ["trauma", "numbness"], "knee_pain_nrs": "7"},
        headers=HTMX,
    ).content.decode()
    assert 'class="alert" role="alert"' in html
    assert "Refer to a clinician before programming" in html
    assert "Recent trauma, Numbness or tingling, knee pain 7/10" in html


def test_it_says_when_there_is_nothing_to_show(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    html = client.post(preview_url(athlete.pk), {}, headers=HTMX).content.decode()
    assert "No findings yet" in html
    assert "alert" not in html


def test_it_hides_other_coaches_clients(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(make_coach())
    response = client.post(preview_url(athlete.pk), {"ktw_left_cm": "6"}, headers=HTMX)
    assert response.status_code == 404


def test_it_forbids_client_users(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(make_client_user(client=athlete))
    response = client.post(preview_url(athlete.pk), {}, headers=HTMX)
    assert response.status_code == 403


def test_it_only_accepts_posts(client) -> None:
    athlete = make_client(coach=make_coach())
    client.force_login(athlete.coach)
    assert client.get(preview_url(athlete.pk)).status_code == 405


def test_it_issues_the_same_few_queries_with_ten_times_the_sessions(
    client, django_assert_max_num_queries
) -> None:
    athlete = make_client(coach=make_coach())
    make_session(client=athlete)
    client.force_login(athlete.coach)
    data = {"assessed_on": "2026-11-02", "ktw_left_cm": "6", "knee_pain_nrs": "3"}
    with django_assert_max_num_queries(3):
        client.post(preview_url(athlete.pk), data, headers=HTMX)
    for _ in range(9):
        make_session(client=athlete)
    with django_assert_max_num_queries(3):
        client.post(preview_url(athlete.pk), data, headers=HTMX)

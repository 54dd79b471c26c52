from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factory import make_client, make_client_user, make_coach

pytestmark = pytest.mark.django_db

URL = reverse("account-settings")


def test_it_shows_the_coachs_zone_and_unit(
    client, django_assert_max_num_queries
) -> None:
    coach = make_coach(time_zone="Australia/Sydney", distance_unit="in")
    client.force_login(coach)
    with django_assert_max_num_queries(3):
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="Australia/Sydney" selected>' in html
    assert re.search(r'value="in"[^>]* checked', html)


def test_it_saves_zone_and_unit(client, django_assert_max_num_queries) -> None:
    coach = make_coach()
    client.force_login(coach)
    with django_assert_max_num_queries(6):
        response = client.post(
            URL, {"time_zone": "America/Los_Angeles", "distance_unit": "in"}
        )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert (coach.time_zone, coach.distance_unit) == ("America/Los_Angeles", "in")


def test_an_unknown_zone_gets_a_field_message_and_keeps_the_input(client) -> None:
    coach = make_coach(time_zone="Europe/London")
    client.force_login(coach)
    response = client.post(
        URL, {"time_zone": "Atlantis/Capital", "distance_unit": "in"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose a time zone from the list" in html
    assert re.search(r'value="in"[^>]* checked', html)
    coach.refresh_from_db()
    assert (coach.time_zone, coach.distance_unit) == ("Europe/London", "cm")


def test_a_client_cannot_open_it(client) -> None:
    user = make_client_user(client=make_client())
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert (
        client.post(URL, {"time_zone": "Asia/Tokyo", "distance_unit": "in"}).status_code
        == 403
    )


def test_the_client_form_keeps_the_clients_zone(client) -> None:
    coach = make_coach(time_zone="Australia/Sydney")
    client.force_login(coach)
    # A new client starts in the coach's zone.
    assert (
        '<option value="Australia/Sydney" selected>'
        in client.get(reverse("clients:create")).content.decode()
    )
    athlete = make_client(coach=coach)
    response = client.post(
        reverse("clients:edit", args=[athlete.pk]),
        {
            "name": athlete.name,
            "reassess_every_weeks": "4",
            "training_days": ["0", "2", "4"],
            "time_zone": "America/Los_Angeles",
        },
    )
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.time_zone == "America/Los_Angeles"
    bad = client.post(
        reverse("clients:edit", args=[athlete.pk]),
        {
            "name": athlete.name,
            "reassess_every_weeks": "4",
            "training_days": ["0"],
            "time_zone": "Moon/Base",
        },
    )
    assert bad.status_code == 400
    assert "Choose a time zone from the list" in bad.content.decode()


def test_stop_and_settings_views_keep_their_query_counts(
    client, django_assert_max_num_queries
) -> None:
    from clients.reminders import unsubscribe_token

    athlete = make_client(email="a@example.com", reminders_on=True)
    url = reverse("reminders:stop", args=[unsubscribe_token(athlete)])
    with django_assert_max_num_queries(1):
        client.get(url)
    with django_assert_max_num_queries(4):
        client.post(url)
    coach = make_coach()
    client.force_login(coach)
    with django_assert_max_num_queries(5):
        assert (
            client.post(
                reverse("account-time-zone"), {"time_zone": "Asia/Tokyo"}
            ).status_code
            == 204
        )

"""Whose "today": a Sydney coach and a Los Angeles client at the edges of their days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import AssessmentSession
from clients.models import Client, User
from clients.services import client_update, time_zone_default_set
from clients.time_zones import today_for, zone
from programs.models import Completion
from tests.factory import (
    make_client,
    make_client_user,
    make_coach,
    make_program,
    make_session,
)

SYDNEY = "Australia/Sydney"
LOS_ANGELES = "America/Los_Angeles"
# 21:30 UTC on 27 November: 08:30 on the 28th in Sydney (UTC+11 in summer),
# 21:30 on the 27th in London, 13:30 on the 27th in Los Angeles.
SYDNEY_MORNING = datetime(2026, 11, 27, 21, 30, tzinfo=UTC)
# 00:30 UTC on 28 November: 16:30 on the 27th in Los Angeles (UTC-8), already the 28th in London.
LA_AFTERNOON = datetime(2026, 11, 28, 0, 30, tzinfo=UTC)


def frozen(moment: datetime) -> mock._patch:
    """The clock every "today" reads (timezone.localdate and localtime call timezone.now)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.mark.parametrize(
    ("name", "moment", "expected"),
    [
        (SYDNEY, SYDNEY_MORNING, date(2026, 11, 28)),
        ("Europe/London", SYDNEY_MORNING, date(2026, 11, 27)),
        (LOS_ANGELES, LA_AFTERNOON, date(2026, 11, 27)),
        ("Europe/London", LA_AFTERNOON, date(2026, 11, 28)),
        # Blank: the site's zone (Europe/London in settings).
        ("", LA_AFTERNOON, date(2026, 11, 28)),
    ],
)
def test_today_for_is_the_clients_own_date(name, moment, expected) -> None:
    assert today_for(Client(time_zone=name), now=moment) == expected


def test_an_unknown_zone_falls_back_to_the_sites() -> None:
    assert zone("Mars/Olympus_Mons") == timezone.get_default_timezone()


@pytest.mark.django_db
def test_a_sydney_coach_at_0830_can_log_todays_session(client) -> None:
    coach = make_coach(time_zone=SYDNEY)
    athlete = make_client(coach=coach)
    client.force_login(coach)
    url = reverse("assessments:session-create", args=[athlete.pk])
    with frozen(SYDNEY_MORNING):
        form = client.get(url)
        response = client.post(
            url,
            {
                "assessed_on": "2026-11-28",
                "ktw_method": "tape",
                "ktw_footwear": "barefoot",
                "unit": "cm",
                "ktw_left_cm": "7",
                "ktw_right_cm": "11",
                "action": "draft",
            },
        )
    # The form opens on the coach's today, and that day is not "in the future".
    assert 'value="2026-11-28"' in form.content.decode()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AssessmentSession.objects.get().assessed_on == date(2026, 11, 28)


@pytest.mark.django_db
def test_a_london_coach_at_the_same_moment_cannot_log_the_28th(client) -> None:
    coach = make_coach()
    athlete = make_client(coach=coach)
    client.force_login(coach)
    with frozen(SYDNEY_MORNING):
        response = client.post(
            reverse("assessments:session-create", args=[athlete.pk]),
            {
                "assessed_on": "2026-11-28",
                "ktw_method": "tape",
                "ktw_footwear": "barefoot",
                "unit": "cm",
                "ktw_left_cm": "7",
                "ktw_right_cm": "11",
                "action": "draft",
            },
        )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not AssessmentSession.objects.exists()


@pytest.mark.django_db
def test_a_los_angeles_client_marking_a_drill_after_1600_gets_todays_date(
    client,
) -> None:
    athlete = make_client(time_zone=LOS_ANGELES)
    with frozen(LA_AFTERNOON - timedelta(days=2)):  # the plan started before that day
        program = make_program(session=make_session(client=athlete))
    user = make_client_user(client=athlete)
    client_update(client=athlete)  # the sign-in takes the client's zone
    prescription = program.phases.get(number=1).prescriptions.first()
    client.force_login(User.objects.get(pk=user.pk))
    with frozen(LA_AFTERNOON):
        response = client.post(reverse("plan:toggle-done", args=[prescription.pk]))
    assert response.status_code == 302
    assert Completion.objects.get().on_date == date(2026, 11, 27)


@pytest.mark.django_db
def test_the_zone_is_not_left_active_for_the_next_request(client) -> None:
    coach = make_coach(time_zone=SYDNEY)
    client.force_login(coach)
    client.get(reverse("home"))
    assert timezone.get_current_timezone_name() == "Europe/London"


@pytest.mark.django_db
def test_the_coach_page_counts_the_clients_day(client) -> None:
    coach = make_coach(time_zone=SYDNEY)
    athlete = make_client(
        coach=coach, time_zone=LOS_ANGELES, date_of_birth=date(1990, 11, 28)
    )
    client.force_login(coach)
    with frozen(SYDNEY_MORNING):
        response = client.get(reverse("clients:detail", args=[athlete.pk]))
    # The 28th has begun in Sydney but not yet in Los Angeles: the client is still 35.
    assert response.status_code == 200
    assert response.context["age"] == 35


@pytest.mark.django_db
def test_changing_the_clients_zone_moves_their_sign_in_too() -> None:
    athlete = make_client()
    user = make_client_user(client=athlete)
    athlete.time_zone = LOS_ANGELES
    client_update(client=athlete)
    user.refresh_from_db()
    assert user.time_zone == LOS_ANGELES


@pytest.mark.django_db
class TestBrowserZone:
    url = reverse("account-time-zone")

    def test_it_takes_the_browsers_zone_when_none_is_set(self, client) -> None:
        coach = make_coach()
        client.force_login(coach)
        assert client.post(self.url, {"time_zone": SYDNEY}).status_code == 204
        coach.refresh_from_db()
        assert coach.time_zone == SYDNEY

    def test_it_never_overwrites_a_chosen_zone(self, client) -> None:
        coach = make_coach(time_zone=LOS_ANGELES)
        client.force_login(coach)
        assert client.post(self.url, {"time_zone": SYDNEY}).status_code == 204
        coach.refresh_from_db()
        assert coach.time_zone == LOS_ANGELES

    def test_it_refuses_an_unknown_zone_with_400(self, client) -> None:
        coach = make_coach()
        client.force_login(coach)
        assert client.post(self.url, {"time_zone": "Nowhere/Else"}).status_code == 400
        coach.refresh_from_db()
        assert coach.time_zone == ""

    def test_a_client_profile_takes_it_when_the_coach_set_none(self) -> None:
        athlete = make_client()
        user = make_client_user(client=athlete)
        assert time_zone_default_set(user=user, name=LOS_ANGELES)
        athlete.refresh_from_db()
        assert athlete.time_zone == LOS_ANGELES

    def test_the_coachs_choice_for_the_client_wins(self) -> None:
        athlete = make_client(time_zone=SYDNEY)
        user = make_client_user(client=athlete)
        time_zone_default_set(user=user, name=LOS_ANGELES)
        athlete.refresh_from_db()
        user.refresh_from_db()
        assert (athlete.time_zone, user.time_zone) == (SYDNEY, SYDNEY)

    def test_the_page_loads_the_script_only_while_no_zone_is_set(self, client) -> None:
        coach = make_coach()
        client.force_login(coach)
        assert "js/time-zone.js" in client.get(reverse("home")).content.decode()
        coach.time_zone = SYDNEY
        coach.save()
        assert "js/time-zone.js" not in client.get(reverse("home")).content.decode()

"""Password validators refuse weak passwords when a coach changes theirs."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factory import PASSWORD, make_coach

pytestmark = pytest.mark.django_db


def change(client: HttpClient, new: str):
    return client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("short1!", "This password is too short"),
        ("password123", "This password is too common"),
        ("5820193746", "This password is entirely numeric"),
        ("coach-maria-lopez", "too similar to the username"),
    ],
)
def test_it_refuses_a_weak_new_password(
    client: HttpClient, weak: str, message: str
) -> None:
    coach = make_coach(username="coach-maria-lopez")
    client.force_login(coach)
    response = change(client, weak)
    assert response.status_code == 200
    assert message in response.content.decode()
    coach.refresh_from_db()
    assert coach.check_password(PASSWORD)


def test_it_accepts_a_strong_new_password(client: HttpClient) -> None:
    coach = make_coach()
    client.force_login(coach)
    response = change(client, "ankle mobility ladder 42")
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.check_password("ankle mobility ladder 42")

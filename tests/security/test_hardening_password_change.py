"""The password change form: wrong current passwords are throttled like sign-ins."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from tests.factory import PASSWORD, make_coach

pytestmark = pytest.mark.django_db

CHANGE = "/accounts/password/"
NEW = "a-brand-new-gym-password"


def change(client: HttpClient, old: str):
    return client.post(
        CHANGE, {"old_password": old, "new_password1": NEW, "new_password2": NEW}
    )


def test_it_refuses_even_the_right_password_after_five_wrong_ones(
    client: HttpClient,
) -> None:
    coach = make_coach()
    client.force_login(coach)
    for _ in range(5):
        response = change(client, "a wrong guess")
        assert response.status_code == 200
        assert "Too many attempts" not in response.content.decode()
    response = change(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts. Try again in 15 minutes." in response.content.decode()
    coach.refresh_from_db()
    assert coach.check_password(PASSWORD)


def test_the_right_password_after_a_few_slips_works(client: HttpClient) -> None:
    coach = make_coach()
    client.force_login(coach)
    for _ in range(4):
        change(client, "a wrong guess")
    assert change(client, PASSWORD).status_code == 302
    coach.refresh_from_db()
    assert coach.check_password(NEW)

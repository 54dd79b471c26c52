"""Login throttling: repeated failures lock a username out from an address for a while."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import reverse

from clients import throttle
from tests.factory import PASSWORD, make_coach, make_library_editor

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
HOME = "10.0.0.1"
AWAY = "10.0.0.2"


def sign_in(
    client: HttpClient,
    username: str,
    password: str,
    *,
    address: str = HOME,
    url: str = LOGIN,
):  # noqa: ANN201
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client: HttpClient, username: str, times: int, **kwargs: str) -> None:
    for _ in range(times):
        response = sign_in(client, username, "wrong password", **kwargs)
        assert response.status_code == 200
        assert "Too many attempts" not in response.content.decode()


def signed_in(client: HttpClient) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The throttle's clock, moved by the test instead of sleeping."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: now[0])
    return now


def test_it_refuses_the_right_password_after_five_failures(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    coach = make_coach()
    fail(client, coach.username, 5)
    response = sign_in(client, coach.username, PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert "Too many attempts. Try again in 15 minutes." in body
    assert response["Retry-After"] == str(15 * 60)
    # The form comes back with the username kept.
    assert f'value="{coach.username}"' in body
    assert not signed_in(client)


def test_it_still_lets_the_fifth_attempt_through(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    coach = make_coach()
    fail(client, coach.username, 4)
    response = sign_in(client, coach.username, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_it_counts_the_username_whatever_its_letter_case(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    make_coach(username="maria")
    for spelling in ("maria", "Maria", "MARIA", " maria", "mAria"):
        sign_in(client, spelling, "wrong password")
    assert sign_in(client, "maria", PASSWORD).status_code == 429


def test_it_says_how_many_minutes_are_left_and_opens_again_after_the_window(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    coach = make_coach()
    fail(client, coach.username, 5)
    frozen_clock[0] += 14 * 60 + 30
    response = sign_in(client, coach.username, PASSWORD)
    assert response.status_code == 429
    assert "Try again in 1 minute." in response.content.decode()
    frozen_clock[0] += 31
    response = sign_in(client, coach.username, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_failures_spread_over_more_than_the_window_do_not_lock(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    coach = make_coach()
    for _ in range(8):
        fail(client, coach.username, 1)
        frozen_clock[0] += 4 * 60
    assert sign_in(client, coach.username, PASSWORD).status_code == 302


def test_a_success_resets_the_count(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    coach = make_coach()
    fail(client, coach.username, 4)
    assert sign_in(client, coach.username, PASSWORD).status_code == 302
    client.logout()
    fail(client, coach.username, 4)
    assert sign_in(client, coach.username, PASSWORD).status_code == 302


def test_it_locks_one_username_from_one_address_only(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    coach, colleague = make_coach(), make_coach()
    fail(client, coach.username, 5)
    # The same coach from another address, and a colleague from the same wifi, still get in.
    assert sign_in(client, coach.username, PASSWORD, address=AWAY).status_code == 302
    client.logout()
    assert sign_in(client, colleague.username, PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["nobody-by-this-name", ""])
def test_it_never_errors_for_unknown_or_missing_usernames(
    client: HttpClient, frozen_clock: list[float], username: str
) -> None:
    for _ in range(7):
        response = sign_in(client, username, "wrong password")
        assert response.status_code in {200, 429}
    expected = 429 if username else 200
    assert sign_in(client, username, "wrong password").status_code == expected


def test_it_stops_password_spraying_from_one_address(
    client: HttpClient, frozen_clock: list[float], settings
) -> None:  # noqa: ANN001
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6
    coaches = [make_coach() for _ in range(4)]
    for coach in coaches[:3]:
        fail(client, coach.username, 2)
    response = sign_in(client, coaches[3].username, PASSWORD)
    assert response.status_code == 429
    # Another address is not affected.
    assert (
        sign_in(client, coaches[3].username, PASSWORD, address=AWAY).status_code == 302
    )


def test_the_admin_login_is_throttled_too(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    editor = make_library_editor()
    admin_login = reverse("admin:login")
    fail(client, editor.username, 5, url=admin_login)
    response = sign_in(client, editor.username, PASSWORD, url=admin_login)
    assert "Too many attempts. Try again in 15 minutes." in response.content.decode()
    assert not signed_in(client)


def test_the_counts_live_in_the_database_cache_every_process_shares(
    client: HttpClient, settings
) -> None:  # noqa: ANN001
    assert (
        settings.CACHES["default"]["BACKEND"]
        == "django.core.cache.backends.db.DatabaseCache"
    )
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    sign_in(client, make_coach().username, "wrong password")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608
        keys = [row[0] for row in cursor.fetchall()]
    assert any("login-failures:pair:" in key for key in keys)
    # Hashed keys: the username is not stored in clear.
    assert not any("user" in key for key in keys)


@pytest.mark.parametrize(
    ("header", "forwarded", "remote", "expected"),
    [
        ("", "203.0.113.9", "10.0.0.5", "10.0.0.5"),
        ("HTTP_X_FORWARDED_FOR", "203.0.113.9", "10.0.0.5", "203.0.113.9"),
        # A client can send any X-Forwarded-For; the proxy appends the real one last.
        ("HTTP_X_FORWARDED_FOR", "1.2.3.4, 203.0.113.9", "10.0.0.5", "203.0.113.9"),
        ("HTTP_X_FORWARDED_FOR", "", "10.0.0.5", "10.0.0.5"),
    ],
)
def test_it_takes_the_address_the_proxy_saw_only_when_behind_one(
    settings, header: str, forwarded: str, remote: str, expected: str
) -> None:  # noqa: ANN001
    settings.LOGIN_CLIENT_ADDRESS_HEADER = header
    request = RequestFactory().post(
        LOGIN, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote
    )
    assert throttle.client_address(request) == expected


def test_the_wait_is_pure_arithmetic_on_the_stored_failures(settings) -> None:  # noqa: ANN001
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 100
    for moment in (10.0, 20.0, 30.0, 40.0):
        throttle.login_failed(username="ana", address=HOME, at=moment)
    # The last three failures count; the oldest of them (20) ages out at 120.
    assert throttle.login_wait_seconds(username="ana", address=HOME, at=50.0) == 70
    assert throttle.login_wait_seconds(username="ana", address=HOME, at=120.0) == 0
    assert throttle.login_wait_seconds(username="ana", address=AWAY, at=50.0) == 0

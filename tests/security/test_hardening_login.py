"""Login throttling: repeated failures lock a username out from an address for a while."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import reverse

from clients import throttle
from clients.models import LoginThrottle
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
):
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
) -> None:
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


def test_the_counts_live_in_a_table_with_hashed_keys(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    sign_in(client, make_coach(username="maria").username, "wrong password")
    keys = list(LoginThrottle.objects.values_list("key", flat=True))
    assert any(key.startswith("pair:") for key in keys)
    # Hashed keys: the username is not stored in clear.
    assert not any("maria" in key for key in keys)


def test_a_lockout_survives_any_number_of_other_failures(
    client: HttpClient, frozen_clock: list[float]
) -> None:
    """The database cache kept 300 entries and culled a third when full: the lock vanished."""
    coach = make_coach()
    fail(client, coach.username, 5)
    for n in range(400):
        throttle.login_failed(
            username=f"other-{n}", address=f"10.9.{n // 250}.{n % 250}"
        )
    assert sign_in(client, coach.username, PASSWORD).status_code == 429


def test_it_limits_one_username_across_addresses(
    client: HttpClient, frozen_clock: list[float], settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT_PER_USERNAME = 8
    coach, colleague = make_coach(), make_coach()
    for n in range(8):
        response = sign_in(client, coach.username, "wrong", address=f"198.51.100.{n}")
        assert response.status_code == 200
    response = sign_in(client, coach.username, PASSWORD, address="198.51.100.200")
    assert response.status_code == 429
    assert not signed_in(client)
    # Other usernames from those addresses are not affected.
    assert (
        sign_in(
            client, colleague.username, PASSWORD, address="198.51.100.1"
        ).status_code
        == 302
    )


def test_attempts_in_flight_count_before_their_password_is_checked(
    frozen_clock: list[float],
) -> None:
    """Five guesses whose passwords are still being checked leave no room for a sixth."""
    for _ in range(5):
        assert (
            throttle.login_attempt(username="ana", address=HOME, at=frozen_clock[0])
            == 0
        )
    assert (
        throttle.login_attempt(username="ana", address=HOME, at=frozen_clock[0])
        == 15 * 60
    )
    # A success takes its own attempt back and clears the pair.
    throttle.login_succeeded(username="ana", address=HOME, at=frozen_clock[0])
    assert throttle.login_wait_seconds(username="ana", address=HOME) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel sign-ins need PostgreSQL's row locks (CI runs it)",
)
def test_parallel_guesses_never_get_past_the_limit() -> None:
    coach = make_coach()
    answers: list[int] = []
    start = threading.Barrier(20)

    def guess() -> None:
        try:
            start.wait(timeout=30)
            answers.append(
                sign_in(HttpClient(), coach.username, "wrong password").status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [200] * 5 + [429] * 15


def test_the_proxy_header_is_ignored_from_anyone_but_the_proxy(
    client: HttpClient, frozen_clock: list[float], settings
) -> None:
    """Reached directly, a new X-Forwarded-For per guess must not mean a new address."""
    settings.LOGIN_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    coach = make_coach()
    for n in range(5):
        response = client.post(
            LOGIN,
            {"username": coach.username, "password": "wrong"},
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
        assert response.status_code == 200
    response = client.post(
        LOGIN,
        {"username": coach.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.50",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("header", "forwarded", "remote", "expected"),
    [
        ("", "203.0.113.9", "10.0.0.5", "10.0.0.5"),
        # From the proxy: the address it wrote.
        ("HTTP_X_FORWARDED_FOR", "203.0.113.9", "127.0.0.1", "203.0.113.9"),
        ("HTTP_X_FORWARDED_FOR", "203.0.113.9", "172.30.57.4", "203.0.113.9"),
        ("HTTP_X_FORWARDED_FOR", "1.2.3.4, 203.0.113.9", "127.0.0.1", "203.0.113.9"),
        ("HTTP_X_FORWARDED_FOR", "", "127.0.0.1", "127.0.0.1"),
        # Not from the proxy: the header is whatever the client sent.
        ("HTTP_X_FORWARDED_FOR", "203.0.113.9", "10.0.0.5", "10.0.0.5"),
        ("HTTP_X_FORWARDED_FOR", "203.0.113.9", "not an address", "not an address"),
    ],
)
def test_it_takes_the_address_the_proxy_saw_only_from_the_proxy(
    settings, header: str, forwarded: str, remote: str, expected: str
) -> None:
    settings.LOGIN_CLIENT_ADDRESS_HEADER = header
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "::1/128", "172.30.57.0/24"]
    request = RequestFactory().post(
        LOGIN, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote
    )
    assert throttle.client_address(request) == expected


def test_the_wait_is_pure_arithmetic_on_the_stored_failures(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 100
    for moment in (10.0, 20.0, 30.0, 40.0):
        throttle.login_failed(username="ana", address=HOME, at=moment)
    # The last three failures count; the oldest of them (20) ages out at 120.
    assert throttle.login_wait_seconds(username="ana", address=HOME, at=50.0) == 70
    assert throttle.login_wait_seconds(username="ana", address=HOME, at=120.0) == 0
    assert throttle.login_wait_seconds(username="ana", address=AWAY, at=50.0) == 0


def test_rows_whose_failures_all_aged_out_are_deleted(
    frozen_clock: list[float],
) -> None:
    throttle.login_failed(username="ana", address=HOME)
    frozen_clock[0] += 15 * 60 + 1
    throttle.login_failed(username="bo", address=AWAY)
    # Only bo's pair, username and address rows are left.
    assert LoginThrottle.objects.count() == 3

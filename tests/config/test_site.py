from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factory import PASSWORD, make_coach

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_login_page(client: HttpClient) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_serves_the_login_page_without_login(client: HttpClient) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_it_logs_a_coach_in_and_shows_home(client: HttpClient) -> None:
    coach = make_coach(first_name="Dana")
    response = client.post(
        reverse("login"),
        {"username": coach.username, "password": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert b"Hello, Dana" in response.content


def test_it_keeps_the_username_and_says_why_when_login_fails(
    client: HttpClient,
) -> None:
    make_coach(username="dana")
    response = client.post(reverse("login"), {"username": "dana", "password": "wrong"})
    assert response.status_code == 200
    assert b'value="dana"' in response.content
    assert b"correct username and password" in response.content


def test_healthz_answers_ok_without_login(client: HttpClient) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(client: HttpClient) -> None:
    with mock.patch(
        "config.views.connection.cursor", side_effect=DatabaseError("gone")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_it_sends_an_enforced_csp_without_unsafe_inline_script(
    client: HttpClient,
) -> None:
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    script_src = next(
        part for part in policy.split(";") if part.strip().startswith("script-src")
    )
    assert "'nonce-" in script_src
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in policy
    assert "Content-Security-Policy-Report-Only" not in response


def test_the_base_layout_has_no_inline_script(client: HttpClient) -> None:
    response = client.get(reverse("login"))
    html = response.content.decode()
    for chunk in html.split("<script")[1:]:
        assert "src=" in chunk.split(">", 1)[0], "inline <script> found"


def test_it_shows_a_friendly_404(client: HttpClient) -> None:
    client.force_login(make_coach())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"could not find that page" in response.content


def test_it_answers_503_with_retry_after_when_the_database_drops() -> None:
    from django.db import OperationalError

    browser = HttpClient(raise_request_exception=False)
    browser.force_login(make_coach())
    with mock.patch(
        "clients.views.home.coach_dashboard",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = browser.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Nothing you sent in this request was saved" in response.content


def test_other_errors_still_get_the_500_page() -> None:
    browser = HttpClient(raise_request_exception=False)
    browser.force_login(make_coach())
    with mock.patch(
        "clients.views.home.coach_dashboard", side_effect=RuntimeError("bug")
    ):
        response = browser.get(reverse("home"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content

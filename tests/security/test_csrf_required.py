"""Every POST endpoint refuses a request without a CSRF token (403), even from someone allowed.

The endpoints come from the authorization matrix: each URL declared with a
POST is sent one, as the first role the matrix lets through.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.security.matrix import ADMIN_LOGIN_URL, LOGIN_URL, cases
from tests.security.tenants import Tenants

# Who sends the POST: the first of these the matrix does not refuse.
SENDERS = ("coach_a", "client_a", "editor", "superuser", "anonymous")
REFUSED = {403, 404, 405}


def allowed(expect) -> bool:
    return expect.status not in REFUSED and expect.location not in (
        LOGIN_URL,
        ADMIN_LOGIN_URL,
    )


# Sign-in and sign-out are sent as the people who use them.
CHOSEN = {"login": "anonymous", "admin:login": "anonymous", "logout": "coach_a"}


def post_endpoints() -> list:
    posts = [case for case in cases() if case.method == "POST" and case.expect]
    chosen = {
        case.route.key: case
        for case in posts
        if CHOSEN.get(case.route.key) == case.role
    }
    for role in SENDERS:
        for case in posts:
            if case.role == role and allowed(case.expect):
                chosen.setdefault(case.route.key, case)
    return sorted(chosen.values(), key=lambda case: case.route.key)


POSTS = post_endpoints()


@pytest.fixture(scope="module")
def strict() -> HttpClient:
    return HttpClient(enforce_csrf_checks=True)


def test_it_finds_the_post_endpoints() -> None:
    names = {case.route.key for case in POSTS}
    assert {
        "login",
        "plan:pain",
        "clients:create",
        "admin:programs_drill_move",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("case", POSTS, ids=[f"{c.route.key}-{c.role}" for c in POSTS])
def test_it_refuses_a_post_without_a_csrf_token(
    case, tenants: Tenants, strict: HttpClient
) -> None:
    http = strict
    http.cookies = SimpleCookie()
    user = tenants.user(case.role)
    if user is not None:
        http.force_login(user)
    response = http.post(case.url(tenants), case.data(tenants))
    assert response.status_code == 403
    assert b"CSRF" in response.content


@pytest.mark.django_db
def test_it_accepts_a_post_with_the_token_from_the_page(
    tenants: Tenants, strict: HttpClient
) -> None:
    # The control: the same check passes with the token the form page hands out.
    http = strict
    http.cookies = SimpleCookie()
    http.force_login(tenants.a.coach)
    http.get(reverse("clients:create"))
    token = http.cookies["csrftoken"].value
    response = http.post(
        reverse("clients:create"),
        {"name": "With a token", "reassess_every_weeks": "4", "training_days": "0"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 302

"""`next` cannot send anyone off the site: signing in or out with a hostile next stays here."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factory import PASSWORD
from tests.security.tenants import Tenants

HOSTILE_NEXT = [
    "https://evil.example",
    "https://evil.example/clients/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "https:evil.example",
    "http://testserver@evil.example",
    "http://evil.example\\@testserver",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def stays_on_site(location: str) -> bool:
    parts = urlsplit(location)
    return (
        parts.scheme in ("", "http", "https")
        and parts.netloc in ("", "testserver")
        and location.startswith("/")
        and not location.startswith(("//", "/\\"))
        and "evil.example" not in location
    )


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_it_keeps_a_signed_in_coach_on_the_site(
    tenants: Tenants, http: HttpClient, next_url: str
) -> None:
    http.logout()
    response = http.post(
        reverse("login"),
        {"username": tenants.a.coach.username, "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_it_keeps_the_next_of_the_login_page_on_the_site(
    tenants: Tenants, http: HttpClient, next_url: str
) -> None:
    http.logout()
    page = http.get(reverse("login"), {"next": next_url}).content.decode()
    assert "evil.example" not in page
    # Already signed in: the login page sends them on at once, never off the site.
    http.force_login(tenants.a.coach)
    response = http.get(reverse("login"), {"next": next_url})
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_it_keeps_a_signed_out_coach_on_the_site(
    tenants: Tenants, http: HttpClient, next_url: str
) -> None:
    http.logout()
    http.force_login(tenants.a.coach)
    response = http.post(reverse("logout"), {"next": next_url})
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_it_keeps_a_signed_in_library_editor_on_the_site(
    tenants: Tenants, http: HttpClient, next_url: str
) -> None:
    http.logout()
    response = http.post(
        reverse("admin:login"),
        {"username": tenants.editor.username, "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.django_db
def test_it_follows_a_next_on_the_site(tenants: Tenants, http: HttpClient) -> None:
    # The control: a next within the site is followed, so the checks above can fail.
    http.logout()
    target = reverse("clients:detail", args=[tenants.a.client.pk])
    response = http.post(
        reverse("login"),
        {"username": tenants.a.coach.username, "password": PASSWORD, "next": target},
    )
    assert response["Location"] == target

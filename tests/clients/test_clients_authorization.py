"""Who reaches the client pages: the client's own coach only."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import Client
from tests.factory import make_client, make_client_user, make_coach, make_library_editor

pytestmark = pytest.mark.django_db

PER_CLIENT = [
    ("clients:detail", "get"),
    ("clients:edit", "get"),
    ("clients:edit", "post"),
    ("clients:archive", "post"),
    ("clients:restore", "post"),
]
EVERY_VIEW = [
    ("clients:list", "get"),
    ("clients:create", "get"),
    ("clients:create", "post"),
    *PER_CLIENT,
]


def url_for(name: str, client: Client) -> str:
    if name in ("clients:list", "clients:create"):
        return reverse(name)
    return reverse(name, args=[client.pk])


def call(http: HttpClient, method: str, url: str):
    return http.post(url, {"name": "Changed"}) if method == "post" else http.get(url)


@pytest.mark.parametrize(("name", "method"), PER_CLIENT)
def test_it_gives_404_for_another_coachs_client(
    client: HttpClient, name: str, method: str
) -> None:
    theirs = make_client(coach=make_coach(), name="Theirs")
    client.force_login(make_coach())
    response = call(client, method, url_for(name, theirs))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
    assert theirs.archived_at is None


@pytest.mark.parametrize(("name", "method"), PER_CLIENT)
def test_it_gives_404_for_a_client_that_does_not_exist(
    client: HttpClient, name: str, method: str
) -> None:
    client.force_login(make_coach())
    response = call(client, method, reverse(name, args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method"), EVERY_VIEW)
def test_it_gives_403_to_a_client_user(
    client: HttpClient, name: str, method: str
) -> None:
    own = make_client(name="Own")
    client.force_login(make_client_user(client=own))
    response = call(client, method, url_for(name, own))
    assert response.status_code == 403
    assert Client.objects.get().name == "Own"


@pytest.mark.parametrize(("name", "method"), EVERY_VIEW)
def test_it_gives_403_to_a_library_editor(
    client: HttpClient, name: str, method: str
) -> None:
    someone = make_client()
    client.force_login(make_library_editor())
    assert call(client, method, url_for(name, someone)).status_code == 403


@pytest.mark.parametrize(("name", "method"), EVERY_VIEW)
def test_it_sends_anonymous_visitors_to_the_login_page(
    client: HttpClient, name: str, method: str
) -> None:
    someone = make_client(name="Someone")
    response = call(client, method, url_for(name, someone))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Client.objects.get().name == "Someone"


def test_it_lists_only_the_coachs_own_clients_in_search(client: HttpClient) -> None:
    make_client(coach=make_coach(), name="Maya Theirs")
    coach = make_coach()
    make_client(coach=coach, name="Maya Mine")
    client.force_login(coach)
    page = client.get(reverse("clients:list"), {"q": "maya"}).content.decode()
    assert "Maya Mine" in page and "Maya Theirs" not in page

"""Archive and restore: POST only, no hard delete, nothing lost."""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import Client
from tests.factory import make_client, make_coach, make_session

pytestmark = pytest.mark.django_db


def results(http: HttpClient, **params: str) -> str:
    """The list's results region only (the flash message is not in it)."""
    return http.get(
        reverse("clients:list"), params, headers={"HX-Request": "true"}
    ).content.decode()


def test_it_archives_a_client_and_keeps_their_sessions(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach, name="Maya")
    make_session(client=maya)
    client.force_login(coach)
    response = client.post(reverse("clients:archive", args=[maya.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[maya.pk])
    maya.refresh_from_db()
    assert maya.archived_at is not None
    assert maya.sessions.count() == 1
    assert "Maya" not in results(client)
    assert "Maya" in results(client, status="archived")


def test_it_restores_an_archived_client(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach, name="Maya")
    client.force_login(coach)
    client.post(reverse("clients:archive", args=[maya.pk]))
    page = client.get(reverse("clients:detail", args=[maya.pk])).content.decode()
    assert reverse("clients:restore", args=[maya.pk]) in page
    response = client.post(reverse("clients:restore", args=[maya.pk]))
    assert response.status_code == 302
    maya.refresh_from_db()
    assert maya.archived_at is None
    assert "Maya" in results(client)


def test_it_keeps_the_first_archive_date(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach)
    client.force_login(coach)
    client.post(reverse("clients:archive", args=[maya.pk]))
    first = Client.objects.get().archived_at
    client.post(reverse("clients:archive", args=[maya.pk]))
    assert Client.objects.get().archived_at == first


@pytest.mark.parametrize("name", ["clients:archive", "clients:restore"])
def test_it_refuses_get(client: HttpClient, name: str) -> None:
    coach = make_coach()
    maya = make_client(coach=coach)
    client.force_login(coach)
    response = client.get(reverse(name, args=[maya.pk]))
    assert response.status_code == 405
    maya.refresh_from_db()
    assert maya.archived_at is None


def test_it_answers_htmx_with_a_client_side_redirect(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach)
    client.force_login(coach)
    response = client.post(
        reverse("clients:archive", args=[maya.pk]), headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == reverse("clients:detail", args=[maya.pk])


def test_it_offers_no_delete(client: HttpClient) -> None:
    coach = make_coach()
    maya = make_client(coach=coach)
    client.force_login(coach)
    page = client.get(reverse("clients:detail", args=[maya.pk])).content.decode()
    buttons = re.findall(r"<button[^>]*>([^<]*)</button>", page)
    assert "Archive" in buttons
    assert not [label for label in buttons if "delete" in label.lower()]

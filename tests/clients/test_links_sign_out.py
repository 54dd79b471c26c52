"""Re-issuing a link or archiving a client ends every way in that came before."""

from __future__ import annotations

import pytest
from django.test import Client as Browser
from django.urls import reverse

from clients.client_password import client_password_form
from clients.links import link_issue
from clients.models import ClientLink
from clients.services import client_archive
from tests.factory import make_client

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")
NEW = "a-long-gym-password"


def open_on_a_phone(token: str) -> Browser:
    phone = Browser()
    response = phone.get(reverse("links:open", args=[token]))
    assert response.status_code == 302
    assert phone.get(PLAN).status_code == 200
    return phone


def with_a_password(client) -> None:
    client.refresh_from_db()
    user = client.user
    user.set_password(NEW)
    user.save()


def signed_out(phone: Browser) -> bool:
    response = phone.get(PLAN)
    return response.status_code == 302 and response["Location"].startswith(
        reverse("login")
    )


def test_reissuing_a_link_signs_out_the_phone_that_opened_the_old_one() -> None:
    client = make_client()
    old_phone = open_on_a_phone(link_issue(client=client, user=client.coach).token)
    issued = link_issue(client=client, user=client.coach)
    assert signed_out(old_phone)
    # The session is gone, not just refused once.
    assert signed_out(old_phone)
    # The new link works on the new phone.
    open_on_a_phone(issued.token)


def test_reissuing_a_link_removes_the_password_the_old_holder_set() -> None:
    client = make_client()
    open_on_a_phone(link_issue(client=client, user=client.coach).token)
    with_a_password(client)
    link_issue(client=client, user=client.coach)
    assert client.user is not None
    client.user.refresh_from_db()
    assert not client.user.has_usable_password()
    laptop = Browser()
    response = laptop.post(
        reverse("login"), {"username": client.user.username, "password": NEW}
    )
    assert response.status_code == 200  # the form again: no sign-in
    assert "_auth_user_id" not in laptop.session


def test_archiving_a_client_ends_all_their_access() -> None:
    client = make_client()
    phone = open_on_a_phone(link_issue(client=client, user=client.coach).token)
    with_a_password(client)
    # The password was set on this phone: it stays signed in until the archive.
    assert client.user is not None
    phone.force_login(client.user)
    client_archive(client=client)
    assert signed_out(phone)
    assert not ClientLink.objects.filter(
        client=client, revoked_at__isnull=True
    ).exists()
    assert client.user is not None
    client.user.refresh_from_db()
    assert not client.user.has_usable_password()
    # Nor can the phone report pain any more.
    response = phone.post(reverse("plan:pain"), {"pain": "5", "note": "still here"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_changing_a_clients_password_asks_for_the_current_one() -> None:
    client = make_client()
    open_on_a_phone(link_issue(client=client, user=client.coach).token)
    client.refresh_from_db()
    assert client.user is not None
    first = client_password_form(
        client.user, {"new_password1": NEW, "new_password2": NEW}
    )
    assert "old_password" not in first.fields
    assert first.is_valid()
    first.save()
    change = client_password_form(
        client.user,
        {"new_password1": NEW + "-2", "new_password2": NEW + "-2"},
    )
    assert "old_password" in change.fields
    assert not change.is_valid()
    assert "old_password" in change.errors

"""The working link shown again (QR too) without revoking it, and sent by email through the worker."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.tasks.backends.dummy import DummyBackend
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from clients.links import SALT, link_issue, link_token, link_verify
from clients.models import AuditEvent, ClientLink
from tests.factory import make_client

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")


def show(browser, client, **headers):
    return browser.post(reverse("links:show", args=[client.pk]), headers=headers)


def shown_url(response) -> str:
    found = re.search(
        r'value="http://testserver(/c/[^"]+/)"', response.content.decode()
    )
    assert found is not None, "the page shows no link"
    return found.group(1)


def test_the_rebuilt_token_opens_the_same_link() -> None:
    issued = link_issue(client=make_client(), user=make_client().coach)
    token = link_token(issued.link)
    assert token is not None
    assert link_verify(token).pk == issued.link.pk


def test_a_revoked_or_expired_link_cannot_be_rebuilt() -> None:
    maya = make_client()
    issued = link_issue(client=maya, user=maya.coach)
    assert link_token(issued.link, now=issued.link.expires_at) is None
    link_issue(client=maya, user=maya.coach)  # revokes the first
    issued.link.refresh_from_db()
    assert link_token(issued.link) is None


def test_a_link_from_before_the_nonce_cannot_be_rebuilt() -> None:
    maya = make_client()
    issued = link_issue(client=maya, user=maya.coach)
    ClientLink.objects.filter(pk=issued.link.pk).update(secret_nonce="")
    issued.link.refresh_from_db()
    assert link_token(issued.link) is None
    # It still opens the plan: only showing it again is lost.
    assert link_verify(issued.token).pk == issued.link.pk


def test_a_rotated_key_cannot_rebuild_an_older_link(settings) -> None:
    maya = make_client()
    issued = link_issue(client=maya, user=maya.coach)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    assert link_token(issued.link) is None


def test_a_database_row_alone_does_not_hold_the_link() -> None:
    maya = make_client()
    issued = link_issue(client=maya, user=maya.coach)
    _, secret = signing.loads(issued.token, salt=SALT)
    row = ClientLink.objects.values().get(pk=issued.link.pk)
    # Nonce and hash are stored; the secret needs SECRET_KEY as well.
    assert row["secret_nonce"] and row["secret_hash"]
    assert not any(secret in str(value) for value in row.values())


def test_the_coach_sees_the_same_working_link_again(client) -> None:
    maya = make_client(name="Maya Okafor")
    issued = link_issue(client=maya, user=maya.coach)
    client.force_login(maya.coach)
    response = show(client, maya)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "<svg" in page and 'class="qr"' in page
    assert "already has, unchanged" in page
    # Shown twice, still the one link: nothing was revoked.
    url = shown_url(response)
    again = shown_url(show(client, maya))
    for shown in (url, again):
        assert link_verify(shown.split("/")[2]).pk == issued.link.pk
    assert ClientLink.objects.get(pk=issued.link.pk).revoked_at is None
    phone = Browser()
    assert phone.get(url)["Location"] == PLAN
    assert phone.get(reverse("links:open", args=[issued.token]))["Location"] == PLAN
    assert (
        AuditEvent.objects.filter(
            client=maya, action=AuditEvent.Action.SHOWED_LINK, object_id=issued.link.pk
        ).count()
        == 2
    )


def test_it_says_so_when_the_link_cannot_be_shown(client) -> None:
    maya = make_client()
    issued = link_issue(client=maya, user=maya.coach)
    ClientLink.objects.filter(pk=issued.link.pk).update(secret_nonce="")
    client.force_login(maya.coach)
    response = show(client, maya)
    assert response.status_code == 400
    assert "Issue a new link to show one" in response.content.decode()
    htmx = show(client, maya, **{"HX-Request": "true"})
    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()


def test_with_no_link_there_is_nothing_to_show(client) -> None:
    maya = make_client()
    client.force_login(maya.coach)
    response = show(client, maya)
    assert response.status_code == 400
    assert "There is no working link." in response.content.decode()


def email(browser, client, **headers):
    return browser.post(reverse("links:email", args=[client.pk]), headers=headers)


def test_the_link_goes_by_email_through_the_worker(
    client, django_capture_on_commit_callbacks
) -> None:
    maya = make_client(name="Maya Okafor", email="maya@home.example")
    issued = link_issue(client=maya, user=maya.coach)
    client.force_login(maya.coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = email(client, maya)
    assert response.status_code == 302
    assert response["Location"] == reverse("links:panel", args=[maya.pk])
    [sent] = mail.outbox
    assert sent.to == ["maya@home.example"]
    assert "Hello Maya Okafor" in sent.body
    found = re.search(r"http://testserver(/c/\S+/)", str(sent.body))
    assert found is not None, "the email holds no link"
    url = found.group(1)
    assert Browser().get(url)["Location"] == PLAN
    issued.link.refresh_from_db()
    assert issued.link.revoked_at is None
    assert AuditEvent.objects.filter(
        client=maya, action=AuditEvent.Action.EMAILED_LINK
    ).exists()


def test_the_queued_task_holds_the_link_id_not_the_token(
    client, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }

    maya = make_client(email="maya@home.example")
    issued = link_issue(client=maya, user=maya.coach)
    client.force_login(maya.coach)
    with django_capture_on_commit_callbacks(execute=True):
        email(client, maya, **{"HX-Request": "true"})
    queued = dummy_backend().results[-1]
    assert queued.kwargs == {"link_id": issued.link.pk, "site": "http://testserver"}
    assert mail.outbox == []


def test_a_link_revoked_before_the_worker_runs_is_not_sent(
    client, settings, django_capture_on_commit_callbacks
) -> None:
    from clients.links import link_revoke
    from clients.tasks import link_email_send

    maya = make_client(email="maya@home.example")
    issued = link_issue(client=maya, user=maya.coach)
    link_revoke(client=maya)
    assert link_email_send.call(link_id=issued.link.pk, site="http://x") == 0
    assert mail.outbox == []


def test_it_asks_for_an_address_first(client) -> None:
    maya = make_client(name="Maya Okafor")
    link_issue(client=maya, user=maya.coach)
    client.force_login(maya.coach)
    response = email(client, maya)
    assert response.status_code == 400
    assert "Add an email address to Maya Okafor" in response.content.decode()
    htmx = email(client, maya, **{"HX-Request": "true"})
    assert htmx.status_code == 200
    assert "Add an email address" in htmx.content.decode()
    assert mail.outbox == []


def test_an_archived_client_gets_no_link_by_email(client) -> None:
    maya = make_client(email="maya@home.example")
    link_issue(client=maya, user=maya.coach)
    maya.archived_at = timezone.now() - timedelta(days=1)
    maya.save(update_fields=["archived_at"])
    client.force_login(maya.coach)
    assert email(client, maya).status_code == 400
    assert mail.outbox == []


def dummy_backend() -> DummyBackend:
    """The task backend the test configured (Django's dummy backend keeps what was enqueued)."""
    from django.tasks import task_backends

    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return backend

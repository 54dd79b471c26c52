from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.template.loader import render_to_string
from django.test import Client as Browser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clients.links import link_issue
from clients.models import ClientLink, User
from tests.factory import (
    make_client,
    make_client_user,
    make_coach,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")


def open_url(token: str) -> str:
    return reverse("links:open", args=[token])


def issue(client):
    return link_issue(client=client, user=client.coach)


def test_it_signs_the_client_in_for_a_long_session(client) -> None:
    program = make_program()
    issued = issue(program.client)
    response = client.get(open_url(issued.token))
    assert response.status_code == 302
    assert response["Location"] == PLAN
    program.client.refresh_from_db()
    user = program.client.user
    assert user.role == User.Role.CLIENT
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session.get_expiry_age() >= 59 * 24 * 3600
    issued.link.refresh_from_db()
    assert issued.link.last_used_at is not None
    plan = client.get(PLAN)
    assert plan.status_code == 200
    assert (
        program.phases.get(number=1).prescriptions.first().drill.name
        in plan.content.decode()
    )


def test_it_reuses_the_clients_sign_in_on_a_second_phone(client) -> None:
    client_profile = make_client()
    user = make_client_user(client=client_profile)
    client.get(open_url(issue(client_profile).token))
    assert client.session[SESSION_KEY] == str(user.pk)
    assert User.objects.filter(role=User.Role.CLIENT).count() == 1


def test_it_shows_a_friendly_page_for_an_expired_link(client) -> None:
    issued = issue(make_client())
    ClientLink.objects.filter(pk=issued.link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(open_url(issued.token))
    assert response.status_code == 410
    assert (
        "This link no longer works — ask your coach for a new one"
        in response.content.decode()
    )
    assert SESSION_KEY not in client.session


def test_it_shows_a_friendly_page_for_a_tampered_link(client) -> None:
    token = issue(make_client()).token
    response = client.get(open_url(token[:-3] + "xyz"))
    assert response.status_code == 404
    assert "ask your coach for a new one" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_it_never_logs_the_token(client, caplog) -> None:
    issued = issue(make_client())
    ClientLink.objects.filter(pk=issued.link.pk).update(revoked_at=timezone.now())
    with caplog.at_level(logging.DEBUG):
        client.get(open_url(issued.token))
        client.get(open_url(issued.token + "x"))
    assert caplog.records, "the refusal should be logged (without the token)"
    secret_part = issued.token.split(":")[0]
    assert all(secret_part not in record.getMessage() for record in caplog.records)


def test_it_stops_a_revoked_link_and_its_session_at_once(client) -> None:
    program = make_program()
    issued = issue(program.client)
    client.get(open_url(issued.token))
    assert client.get(PLAN).status_code == 200
    coach_browser = Browser()  # the coach, in another browser
    coach_browser.force_login(program.client.coach)
    assert (
        coach_browser.post(
            reverse("links:revoke", args=[program.client.pk])
        ).status_code
        == 302
    )
    # The phone's session ends at once, and the link no longer signs anyone in.
    response = client.get(PLAN)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(open_url(issued.token)).status_code == 410


def test_it_shows_the_coach_the_link_status(client) -> None:
    client_profile = make_client(name="Maya Okafor")
    client.force_login(client_profile.coach)
    page = client.get(reverse("links:panel", args=[client_profile.pk])).content.decode()
    assert (
        "No working link" in page and "Issue new link" in page and "Revoke" not in page
    )
    issued = issue(client_profile)
    page = client.get(reverse("links:panel", args=[client_profile.pk])).content.decode()
    assert "Active" in page and f"{issued.link.expires_at:%-d %b %Y}" in page
    assert "Show link and QR code" in page
    assert issued.token not in page
    assert (
        'action="{}"'.format(reverse("links:revoke", args=[client_profile.pk])) in page
    )


def test_it_shows_a_new_link_with_a_qr_code(client) -> None:
    client_profile = make_client()
    make_program(session=make_session(client=client_profile))
    client.force_login(client_profile.coach)
    response = client.post(reverse("links:panel", args=[client_profile.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    found = re.search(r'value="(http://testserver/c/[^"]+/)"', page)
    assert found
    url = found.group(1)
    assert "<svg" in page and 'class="qr"' in page
    assert (
        'data-copy="link-url-' in page
        and "<script>" not in page
        and 'style="' not in page
    )
    assert "You can show it again here while it works" in page
    # The link shown is the one that works.
    phone = Browser()
    assert phone.get(url.removeprefix("http://testserver"))["Location"] == PLAN
    assert phone.get(PLAN).status_code == 200


def test_it_replaces_the_old_link_when_issuing(client) -> None:
    client_profile = make_client()
    old = issue(client_profile)
    client.force_login(client_profile.coach)
    client.post(reverse("links:panel", args=[client_profile.pk]))
    assert client.get(open_url(old.token)).status_code == 410
    assert (
        ClientLink.objects.filter(
            client=client_profile, revoked_at__isnull=True
        ).count()
        == 1
    )


def test_it_returns_the_panel_partial_to_htmx(client) -> None:
    client_profile = make_client()
    client.force_login(client_profile.coach)
    htmx = {"HX-Request": "true"}
    for response in (
        client.get(reverse("links:panel", args=[client_profile.pk]), headers=htmx),
        client.post(reverse("links:panel", args=[client_profile.pk]), headers=htmx),
        client.post(reverse("links:revoke", args=[client_profile.pk]), headers=htmx),
    ):
        fragment = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in fragment and fragment.strip().startswith(
            '<section id="link-panel"'
        )
    assert "the phone that used it is signed out" in fragment


def test_it_refuses_a_link_for_an_archived_client(client) -> None:
    client_profile = make_client(archived_at=timezone.now())
    client.force_login(client_profile.coach)
    response = client.post(reverse("links:panel", args=[client_profile.pk]))
    assert response.status_code == 400
    assert "Restore this client" in response.content.decode()
    assert not ClientLink.objects.exists()


def test_it_hides_other_coaches_clients(client) -> None:
    theirs = make_client()
    issued = issue(theirs)
    client.force_login(make_coach())
    assert client.get(reverse("links:panel", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("links:panel", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("links:revoke", args=[theirs.pk])).status_code == 404
    issued.link.refresh_from_db()
    assert issued.link.revoked_at is None
    assert ClientLink.objects.count() == 1


def test_it_forbids_client_users_the_panel(client) -> None:
    client_profile = make_client()
    client.force_login(make_client_user(client=client_profile))
    assert (
        client.get(reverse("links:panel", args=[client_profile.pk])).status_code == 403
    )
    assert (
        client.post(reverse("links:panel", args=[client_profile.pk])).status_code == 403
    )
    assert (
        client.post(reverse("links:revoke", args=[client_profile.pk])).status_code
        == 403
    )


def test_it_refuses_a_get_on_revoke(client) -> None:
    client_profile = make_client()
    client.force_login(client_profile.coach)
    assert (
        client.get(reverse("links:revoke", args=[client_profile.pk])).status_code == 405
    )


def test_it_renders_the_panel_included_with_only_the_client() -> None:
    client_profile = make_client()
    issued = issue(client_profile)
    request = RequestFactory().get("/")
    request.user = client_profile.coach
    html = render_to_string(
        "clients/_link_panel.html", {"client": client_profile}, request=request
    )
    assert 'id="link-panel"' in html and "Active" in html
    assert f"{issued.link.expires_at:%-d %b %Y}" in html


def test_it_pins_the_panel_queries(client, django_assert_max_num_queries) -> None:
    client_profile = make_client()
    client.force_login(client_profile.coach)
    for _ in range(10):
        issue(client_profile)
    with django_assert_max_num_queries(4):
        assert (
            client.get(reverse("links:panel", args=[client_profile.pk])).status_code
            == 200
        )


def test_it_asks_before_a_new_link_replaces_a_working_one(client) -> None:
    from clients.links import link_issue
    from tests.factory import make_client

    athlete = make_client(name="Tom Brennan")
    client.force_login(athlete.coach)
    first = client.get(reverse("links:panel", args=[athlete.pk])).content.decode()
    assert "Issue a new link for" not in first
    link_issue(client=athlete, user=athlete.coach)
    page = client.get(reverse("links:panel", args=[athlete.pk])).content.decode()
    assert (
        "Issue a new link for Tom Brennan? The link they have now stops working" in page
    )

"""Erase: personal data goes, anonymous counts stay, after the coach types the client's name."""

from __future__ import annotations

import json

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from assessments.models import AssessmentSession
from clients.links import link_issue
from clients.models import AuditEvent, Client, ClientLink, User
from clients.records import client_erase, erase_confirmed
from programs.models import Completion, PainReport
from tests.clients.test_records_export import full_record
from tests.factory import make_client, make_client_user, make_coach, make_library_editor

pytestmark = pytest.mark.django_db

PERSONAL_TEXT = [
    "Maya Lopez",
    "Run a marathon",
    "Left ankle sprain 2019",
    "1990-03-04",
    "first look",
    "tape slipped",
    "felt it in the calf",
    "sore stairs",
]


def erase_url(client: Client) -> str:
    return reverse("records:erase", args=[client.pk])


def test_it_says_what_goes_and_what_stays_before_erasing(client: HttpClient) -> None:
    athlete = make_client(name="Maya Lopez")
    client.force_login(athlete.coach)
    response = client.get(erase_url(athlete))
    body = response.content.decode()
    assert response.status_code == 200
    assert "What erasing removes" in body
    assert "What stays, anonymous" in body
    assert 'name="confirm_name"' in body
    assert reverse("records:export", args=[athlete.pk]) in body


def test_it_refuses_a_wrong_name_keeps_the_input_and_erases_nothing(
    client: HttpClient,
) -> None:
    athlete = make_client(name="Maya Lopez", goals="Run a marathon")
    client.force_login(athlete.coach)
    response = client.post(erase_url(athlete), {"confirm_name": "Maya Lopes"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "That is not this client&#x27;s name: nothing was erased." in body
    assert 'value="Maya Lopes"' in body
    athlete.refresh_from_db()
    assert (athlete.name, athlete.goals, athlete.archived_at) == (
        "Maya Lopez",
        "Run a marathon",
        None,
    )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ERASED).exists()


def test_it_refuses_an_empty_confirmation(client: HttpClient) -> None:
    athlete = make_client(name="Maya Lopez")
    client.force_login(athlete.coach)
    assert client.post(erase_url(athlete), {}).status_code == 400
    assert client.post(erase_url(athlete), {"confirm_name": "   "}).status_code == 400
    athlete.refresh_from_db()
    assert athlete.name == "Maya Lopez"


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("Maya Lopez", True),
        ("  maya   LOPEZ ", True),
        ("Maya", False),
        ("Maya Lopez Jr", False),
        ("", False),
    ],
)
def test_the_confirmation_ignores_only_spacing_and_letter_case(
    typed: str, ok: bool
) -> None:
    assert erase_confirmed(client=Client(name="Maya Lopez"), typed_name=typed) is ok


def test_it_removes_personal_data_and_keeps_anonymous_counts(
    client: HttpClient,
) -> None:
    athlete, original, program = full_record()
    sessions_before = list(
        AssessmentSession.objects.filter(client=athlete)
        .order_by("id")
        .values_list("ktw_left_cm", "status", "finding_codes")
    )
    client.force_login(athlete.coach)
    response = client.post(erase_url(athlete), {"confirm_name": "maya lopez"})
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[athlete.pk])

    athlete.refresh_from_db()
    assert athlete.name == f"Erased client #{athlete.pk}"
    assert athlete.date_of_birth is None
    assert (
        athlete.sex,
        athlete.activity,
        athlete.goals,
        athlete.injury_history,
        athlete.contraindications,
    ) == ("", "", "", "", "")
    assert athlete.archived_at is not None
    # Counts and numbers stay.
    assert (
        list(
            AssessmentSession.objects.filter(client=athlete)
            .order_by("id")
            .values_list("ktw_left_cm", "status", "finding_codes")
        )
        == sessions_before
    )
    assert Completion.objects.filter(client=athlete).count() == 1
    assert PainReport.objects.get(client=athlete).pain == 3
    assert athlete.programs.count() == 1
    # No free text is left anywhere in the export.
    text = client.get(reverse("records:export", args=[athlete.pk])).content.decode()
    for personal in PERSONAL_TEXT:
        assert personal not in text
    assert json.loads(text)["client"]["name"] == f"Erased client #{athlete.pk}"
    assert AuditEvent.objects.filter(
        client=athlete, action=AuditEvent.Action.ERASED, actor=athlete.coach
    ).exists()


def test_it_signs_the_client_out_and_stops_their_link(client: HttpClient) -> None:
    athlete, _original, _program = full_record()
    issued = link_issue(client=athlete, user=athlete.coach)
    phone = HttpClient()
    assert phone.get(reverse("links:open", args=[issued.token])).status_code == 302
    assert phone.get(reverse("plan:today")).status_code == 200
    athlete.refresh_from_db()
    sign_in_id = athlete.user_id
    assert sign_in_id is not None

    client.force_login(athlete.coach)
    client.post(erase_url(athlete), {"confirm_name": "Maya Lopez"})

    assert not User.objects.filter(pk=sign_in_id).exists()
    assert not ClientLink.objects.filter(
        client=athlete, revoked_at__isnull=True
    ).exists()
    assert phone.get(reverse("plan:today")).status_code == 302
    assert phone.get(reverse("links:open", args=[issued.token])).status_code == 410


def test_erasing_twice_changes_nothing_more() -> None:
    athlete, _original, _program = full_record()
    first = client_erase(client=athlete, erased_by=athlete.coach)
    second = client_erase(client=first, erased_by=athlete.coach)
    assert second.name == first.name
    assert second.archived_at == first.archived_at


def test_it_never_deletes_a_coach_linked_by_mistake() -> None:
    # Only a client's own sign-in is deleted; any other user is just unlinked.
    athlete = make_client()
    colleague = make_coach()
    Client.objects.filter(pk=athlete.pk).update(user=colleague)
    athlete.refresh_from_db()
    client_erase(client=athlete, erased_by=athlete.coach)
    assert User.objects.filter(pk=colleague.pk).exists()


def test_it_hides_other_coaches_clients(client: HttpClient) -> None:
    athlete = make_client(name="Maya Lopez")
    client.force_login(make_coach())
    assert client.get(erase_url(athlete)).status_code == 404
    assert (
        client.post(erase_url(athlete), {"confirm_name": "Maya Lopez"}).status_code
        == 404
    )
    athlete.refresh_from_db()
    assert athlete.name == "Maya Lopez"


@pytest.mark.parametrize("who", ["client", "library_editor"])
def test_it_forbids_everyone_but_coaches(client: HttpClient, who: str) -> None:
    athlete = make_client(name="Maya Lopez")
    user = (
        make_client_user(client=athlete) if who == "client" else make_library_editor()
    )
    client.force_login(user)
    assert client.get(erase_url(athlete)).status_code == 403
    assert (
        client.post(erase_url(athlete), {"confirm_name": "Maya Lopez"}).status_code
        == 403
    )
    athlete.refresh_from_db()
    assert athlete.name == "Maya Lopez"


def test_it_needs_the_csrf_token(client: HttpClient) -> None:
    athlete = make_client(name="Maya Lopez")
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(athlete.coach)
    response = browser.post(erase_url(athlete), {"confirm_name": "Maya Lopez"})
    assert response.status_code == 403
    athlete.refresh_from_db()
    assert athlete.name == "Maya Lopez"


def test_the_client_page_links_to_the_records(client: HttpClient) -> None:
    athlete = make_client()
    client.force_login(athlete.coach)
    body = client.get(reverse("clients:detail", args=[athlete.pk])).content.decode()
    for name in ("records:audit", "records:export", "records:erase"):
        assert reverse(name, args=[athlete.pk]) in body


def test_it_removes_contact_details_and_messages() -> None:
    from clients.messages import message_send

    athlete = make_client(email="maya@home.example", phone="+44 7700 900123")
    message_send(client=athlete, sender="client", body="my knee", site="http://x")
    client_erase(client=athlete, erased_by=athlete.coach)
    athlete.refresh_from_db()
    assert (athlete.email, athlete.phone) == ("", "")
    assert not athlete.messages.exists()

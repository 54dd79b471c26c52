"""The data-protection export: everything held about one client, as a JSON download."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from assessments.models import AssessmentSession
from assessments.services import session_amend
from clients.links import link_issue
from clients.models import AuditEvent, Client
from programs.models import Completion, PainReport, Prescription, Program
from tests.factory import (
    make_client,
    make_client_user,
    make_coach,
    make_library_editor,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db


def export_url(client: Client) -> str:
    return reverse("records:export", args=[client.pk])


def full_record(
    *, name: str = "Maya Lopez"
) -> tuple[Client, AssessmentSession, Program]:
    """A client with an amended session, a published program, completions and a pain report."""
    athlete = make_client(
        coach=make_coach(),
        name=name,
        date_of_birth=date(1990, 3, 4),
        goals="Run a marathon",
        injury_history="Left ankle sprain 2019",
    )
    original = make_session(client=athlete, notes="first look", ktw_left_cm=6.0)
    corrected = AssessmentSession.objects.get(pk=original.pk)
    corrected.ktw_left_cm = 6.5
    amended = session_amend(
        original=original,
        corrected=corrected,
        user=athlete.coach,
        reason="tape slipped",
    )
    program = make_program(session=amended)
    prescription = Prescription.objects.filter(phase__program=program)[0]
    Completion.objects.create(
        prescription=prescription,
        client=athlete,
        on_date=date(2026, 11, 5),
        pain=2,
        note="felt it in the calf",
    )
    PainReport.objects.create(
        client=athlete,
        program=program,
        on_date=date(2026, 11, 5),
        pain=3,
        note="sore stairs",
    )
    return athlete, original, program


def download(http: HttpClient, athlete: Client) -> dict:
    http.force_login(athlete.coach)
    response = http.get(export_url(athlete))
    assert response.status_code == 200
    return json.loads(response.content)


def test_it_downloads_a_json_attachment(client: HttpClient) -> None:
    athlete = make_client(name="Maya Lopez")
    client.force_login(athlete.coach)
    response = client.get(export_url(athlete))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f'filename="weaklink-client-{athlete.pk}-' in disposition
    # The name stays out of the file name.
    assert "Maya" not in disposition
    assert "no-store" in response["Cache-Control"]


def test_it_holds_every_session_program_completion_and_pain_report(
    client: HttpClient,
) -> None:
    athlete, original, program = full_record()
    data = download(client, athlete)
    assert data["format"] == "weaklink-client-export/1"
    assert data["client"]["name"] == "Maya Lopez"
    assert data["client"]["date_of_birth"] == "1990-03-04"
    assert data["client"]["injury_history"] == "Left ankle sprain 2019"

    sessions = {row["id"]: row for row in data["sessions"]}
    assert len(sessions) == 2
    kept = sessions[original.pk]
    assert kept["ktw_left_cm"] == 6.0
    assert kept["notes"] == "first look"
    assert kept["superseded_at"] is not None
    amendment = next(
        row for row in sessions.values() if row["amends_id"] == original.pk
    )
    assert amendment["ktw_left_cm"] == 6.5
    assert amendment["amendment_reason"] == "tape slipped"

    (exported_program,) = data["programs"]
    assert exported_program["id"] == program.pk
    assert exported_program["source_session_id"] == amendment["id"]
    phases = exported_program["phases"]
    assert [phase["number"] for phase in phases] == sorted(
        program.phases.values_list("number", flat=True)
    )
    prescriptions = [p for phase in phases for p in phase["prescriptions"]]
    assert (
        len(prescriptions)
        == Prescription.objects.filter(phase__program=program).count()
    )
    assert all(p["drill"]["slug"] and p["sets"] >= 1 for p in prescriptions)

    assert [c["note"] for c in data["completions"]] == ["felt it in the calf"]
    assert [(r["pain"], r["note"]) for r in data["pain_reports"]] == [
        (3, "sore stairs")
    ]


def test_it_lists_personal_links_without_their_secrets(client: HttpClient) -> None:
    athlete = make_client()
    issued = link_issue(client=athlete, user=athlete.coach)
    data = download(client, athlete)
    (link,) = data["personal_links"]
    assert link["id"] == issued.link.pk
    assert "secret_hash" not in link
    text = json.dumps(data)
    assert issued.link.secret_hash not in text
    assert issued.token not in text


def test_it_is_recorded_in_the_audit_log_and_exported_with_it(
    client: HttpClient,
) -> None:
    athlete = make_client()
    download(client, athlete)
    data = download(client, athlete)
    assert (
        AuditEvent.objects.filter(
            client=athlete, action=AuditEvent.Action.EXPORTED
        ).count()
        == 2
    )
    assert [entry["action"] for entry in data["audit_log"]] == ["exported", "exported"]
    assert data["audit_log"][0]["actor"] == athlete.coach.username


def test_it_issues_the_same_queries_whatever_the_record_size(
    client: HttpClient, django_assert_max_num_queries
) -> None:
    small, _original, _program = full_record(name="Small")
    big, _original, _program = full_record(name="Big")
    for day in range(1, 8):
        make_session(client=big, assessed_on=date(2026, 10, day))
    make_program(
        session=make_session(client=big, assessed_on=date(2026, 10, 20)), publish=False
    )
    link_issue(client=big, user=big.coach)
    client.force_login(small.coach)
    # 15: the squat videos and their flag reviews are two of them.
    with django_assert_max_num_queries(15) as few:
        assert client.get(export_url(small)).status_code == 200
    client.force_login(big.coach)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(export_url(big)).status_code == 200


def test_it_hides_other_coaches_clients(client: HttpClient) -> None:
    athlete, _original, _program = full_record()
    client.force_login(make_coach())
    assert client.get(export_url(athlete)).status_code == 404
    assert not AuditEvent.objects.filter(
        client=athlete, action=AuditEvent.Action.EXPORTED
    ).exists()


@pytest.mark.parametrize("who", ["client", "library_editor"])
def test_it_forbids_everyone_but_coaches(client: HttpClient, who: str) -> None:
    athlete = make_client()
    user = (
        make_client_user(client=athlete) if who == "client" else make_library_editor()
    )
    client.force_login(user)
    assert client.get(export_url(athlete)).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client: HttpClient) -> None:
    response = client.get(export_url(make_client()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_only_get(client: HttpClient) -> None:
    athlete = make_client()
    client.force_login(athlete.coach)
    assert client.post(export_url(athlete)).status_code == 405


def test_it_exports_the_message_thread(client: HttpClient) -> None:
    from clients.messages import message_send

    athlete = make_client(email="maya@home.example")
    message_send(client=athlete, sender="client", body="Hip clicks", site="http://x")
    data = download(client, athlete)
    assert data["client"]["email"] == "maya@home.example"
    assert [(m["sender"], m["body"]) for m in data["messages"]] == [
        ("client", "Hip clicks")
    ]
    assert all("secret_nonce" not in link for link in data["personal_links"])

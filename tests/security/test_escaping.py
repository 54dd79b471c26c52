"""Stored text shown back is escaped: a <script> in a name, a note or a cue renders as text."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.utils.html import escape

from assessments.models import AssessmentSession
from clients.models import Client
from programs.models import Drill, PainReport, Prescription
from tests.security.tenants import Tenants

NAME = "<script>alert(1)</script>"
ACTIVITY = "<b onmouseover=alert(2)>hill walking</b>"
NOTES = "<script>alert(3)</script>"
GLUTE_NOTES = "<img src=x onerror=alert(4)>"
CUE = "<script>alert(5)</script> knee over toes"
PAIN_NOTE = "</textarea><script>alert(6)</script>"
EVERY = (NAME, ACTIVITY, NOTES, GLUTE_NOTES, CUE, PAIN_NOTE)

# Page, who opens it, and the stored texts it shows.
PAGES = [
    ("client-list", "coach_a", "/clients/", (NAME, ACTIVITY)),
    ("client-page", "coach_a", "/clients/{client}/", (NAME, ACTIVITY, PAIN_NOTE)),
    ("dashboard", "coach_a", "/", (NAME,)),
    ("session-page", "coach_a", "/sessions/{final}/", (NAME, NOTES, GLUTE_NOTES)),
    ("draft-session-form", "coach_a", "/sessions/{draft}/", (NAME, NOTES)),
    ("program-page", "coach_a", "/programs/{program}/", (NAME, CUE)),
    ("plan-page", "client_a", "/plan/", (CUE, PAIN_NOTE)),
    ("admin-drill-change", "editor", "/admin/programs/drill/{drill}/change/", (CUE,)),
    ("admin-client-list", "superuser", "/admin/clients/client/", (NAME, ACTIVITY)),
]


def store_hostile_text(tenants: Tenants) -> int:
    """Tenant A's texts replaced by markup; returns the id of the drill whose cue it is."""
    a = tenants.a
    Client.objects.filter(pk=a.client.pk).update(name=NAME, activity=ACTIVITY)
    AssessmentSession.objects.filter(pk=a.final_session_id).update(
        notes=NOTES, glute_notes=GLUTE_NOTES
    )
    AssessmentSession.objects.filter(pk=a.draft_session_id).update(notes=NOTES)
    drill_id = Prescription.objects.get(pk=a.prescription_id).drill_id
    Drill.objects.filter(pk=drill_id).update(cues=[CUE, "Slowly"])
    PainReport.objects.filter(pk=a.pain_report_id).update(note=PAIN_NOTE)
    return drill_id


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url", "shown"),
    [page[1:] for page in PAGES],
    ids=[page[0] for page in PAGES],
)
def test_it_shows_stored_markup_as_text(
    tenants: Tenants, http: HttpClient, role: str, url: str, shown: tuple[str, ...]
) -> None:
    drill_id = store_hostile_text(tenants)
    a = tenants.a
    url = url.format(
        client=a.client.pk,
        final=a.final_session_id,
        draft=a.draft_session_id,
        program=a.program_id,
        drill=drill_id,
    )
    http.logout()
    user = tenants.user(role)
    assert user is not None
    http.force_login(user)

    response = http.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    for text in EVERY:
        assert text not in page, f"{text!r} is in the page unescaped"
    for text in shown:
        assert escape(text) in page, f"{text!r} is not shown (escaped)"

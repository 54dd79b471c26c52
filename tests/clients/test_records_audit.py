"""The audit log: who viewed or changed a client's assessments, shown to their coach."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Max
from django.test import Client as HttpClient
from django.urls import reverse

from assessments.models import AssessmentSession
from clients.models import AuditEvent, Client
from clients.records import AUDIT_PER_PAGE, audit_record
from programs.models import Program
from tests.factory import (
    load_library,
    make_client,
    make_client_user,
    make_coach,
    make_library_editor,
    make_session,
)

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def audit_url(client: Client) -> str:
    return reverse("records:audit", args=[client.pk])


def mark() -> int:
    """The newest audit line so far: setting up a test (through the services) writes some."""
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


def actions(client: Client, *, after: int = 0) -> list[tuple[str, int | None]]:
    return list(
        AuditEvent.objects.filter(client=client, id__gt=after)
        .order_by("id")
        .values_list("action", "object_id")
    )


def entry_form(**fields: str) -> dict[str, str]:
    return {
        "assessed_on": "2026-11-02",
        "ktw_method": "tape",
        "ktw_footwear": "barefoot",
        "unit": "cm",
        "ktw_left_cm": "7",
        "ktw_right_cm": "11",
        **fields,
    }


def test_it_records_viewing_a_session_and_the_comparison(client: HttpClient) -> None:
    athlete = make_client()
    make_session(client=athlete, assessed_on=date(2026, 10, 1))
    session = make_session(client=athlete)
    before = mark()
    client.force_login(athlete.coach)
    client.get(reverse("assessments:session-detail", args=[session.pk]))
    client.get(reverse("assessments:session-compare", args=[session.pk]))
    assert actions(athlete, after=before) == [
        (Action.VIEWED_SESSION, session.pk),
        (Action.VIEWED_COMPARE, session.pk),
    ]
    assert set(
        AuditEvent.objects.filter(client=athlete).values_list("actor", flat=True)
    ) == {athlete.coach.pk}


def test_it_records_creating_saving_and_finalising(client: HttpClient) -> None:
    athlete = make_client()
    client.force_login(athlete.coach)
    client.post(
        reverse("assessments:session-create", args=[athlete.pk]),
        entry_form(action="draft"),
    )
    draft = AssessmentSession.objects.get(client=athlete)
    detail = reverse("assessments:session-detail", args=[draft.pk])
    client.post(detail, entry_form(action="draft", ktw_left_cm="8"))
    client.post(reverse("assessments:session-finalise", args=[draft.pk]))
    client.post(
        reverse("assessments:session-create", args=[athlete.pk]),
        entry_form(action="final", assessed_on="2026-11-20"),
    )
    second = AssessmentSession.objects.exclude(pk=draft.pk).get(client=athlete)
    assert actions(athlete) == [
        (Action.CREATED_SESSION, draft.pk),
        (Action.SAVED_SESSION, draft.pk),
        (Action.FINALISED_SESSION, draft.pk),
        (Action.FINALISED_SESSION, second.pk),
    ]


def test_it_records_an_amendment_with_the_new_version(client: HttpClient) -> None:
    original = make_session(client=make_client())
    before = mark()
    client.force_login(original.coach)
    client.post(
        reverse("assessments:session-amend", args=[original.pk]),
        entry_form(reason="left and right swapped"),
    )
    amended = AssessmentSession.objects.get(amends=original)
    assert actions(original.client, after=before) == [
        (Action.AMENDED_SESSION, amended.pk)
    ]


def test_it_records_nothing_for_a_refused_write(client: HttpClient) -> None:
    final = make_session(client=make_client())
    before = mark()
    client.force_login(final.coach)
    response = client.post(
        reverse("assessments:session-detail", args=[final.pk]), entry_form()
    )
    assert response.status_code == 409
    bad = client.post(
        reverse("assessments:session-create", args=[final.client.pk]),
        entry_form(ktw_left_cm="31"),
    )
    assert bad.status_code == 400
    assert actions(final.client, after=before) == []


def test_it_records_generating_and_publishing_a_program(client: HttpClient) -> None:
    load_library()
    session = make_session(client=make_client())
    before = mark()
    client.force_login(session.coach)
    client.post(reverse("programs:program-generate", args=[session.pk]))
    program = Program.objects.get(client=session.client)
    client.post(
        reverse("programs:program-publish", args=[program.pk]),
        {"version": program.version},
    )
    assert actions(session.client, after=before) == [
        (Action.GENERATED_PROGRAM, program.pk),
        (Action.PUBLISHED_PROGRAM, program.pk),
    ]


def test_another_coach_leaves_no_trace_and_sees_no_log(client: HttpClient) -> None:
    session = make_session(client=make_client())
    before = mark()
    client.force_login(make_coach())
    assert (
        client.get(reverse("assessments:session-detail", args=[session.pk])).status_code
        == 404
    )
    assert client.get(audit_url(session.client)).status_code == 404
    assert actions(session.client, after=before) == []


def test_the_coach_reads_the_log_newest_first_with_links(client: HttpClient) -> None:
    coach = make_coach(first_name="Dana", last_name="Reyes")
    athlete = make_client(coach=coach)
    session = make_session(client=athlete)
    audit_record(
        actor=coach, client=athlete, action=Action.VIEWED_SESSION, object_id=session.pk
    )
    audit_record(actor=coach, client=athlete, action=Action.EXPORTED)
    other = make_client(coach=coach, name="Someone Else")
    audit_record(actor=coach, client=other, action=Action.ERASED)
    client.force_login(coach)
    response = client.get(audit_url(athlete))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dana Reyes" in body
    assert body.index("Exported the client") < body.index("Viewed an assessment")
    assert reverse("assessments:session-detail", args=[session.pk]) in body
    assert "Erased" not in body


def test_it_pages_the_log_with_a_fixed_number_of_queries(
    client: HttpClient, django_assert_max_num_queries
) -> None:
    athlete = make_client()
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=athlete.coach, client=athlete, action=Action.EXPORTED)
        for _ in range(AUDIT_PER_PAGE + 5)
    )
    client.force_login(athlete.coach)
    with django_assert_max_num_queries(5):
        first = client.get(audit_url(athlete))
    with django_assert_max_num_queries(5):
        second = client.get(audit_url(athlete), {"page": 2})
    assert first.content.decode().count("Exported the client") == AUDIT_PER_PAGE
    assert second.content.decode().count("Exported the client") == 5
    assert "Page 2 of 2" in second.content.decode()
    # A nonsense page number shows a page instead of failing.
    assert client.get(audit_url(athlete), {"page": "x' OR 1=1"}).status_code == 200


@pytest.mark.parametrize("who", ["client", "library_editor"])
def test_it_forbids_everyone_but_coaches(client: HttpClient, who: str) -> None:
    athlete = make_client()
    user = (
        make_client_user(client=athlete) if who == "client" else make_library_editor()
    )
    client.force_login(user)
    assert client.get(audit_url(athlete)).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client: HttpClient) -> None:
    response = client.get(audit_url(make_client()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

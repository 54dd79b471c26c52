"""The coach's referral pages: clearance, override and the printable summary (CLINICAL.md section 8)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from assessments.models import Referral
from assessments.referrals import client_referred
from clients.models import AuditEvent
from programs.models import Prescription, Program
from programs.services import program_generate
from tests.factory import (
    load_library,
    make_coach,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db


def referred_session(**fields: Any):
    fields.setdefault("red_flags", ["swelling", "giving_way"])
    fields.setdefault("assessed_on", timezone.localdate() - timedelta(days=3))
    return make_session(**fields)


def url(name: str, referral: Referral) -> str:
    return reverse(f"clients:{name}", args=[referral.client_id, referral.pk])


def test_it_lists_the_open_referral_on_the_client_page(client: HttpClient) -> None:
    session = referred_session()
    referral = session.referrals.get()
    client.force_login(session.coach)
    page = client.get(reverse("clients:detail", args=[session.client_id])).content
    body = page.decode()
    assert "Referred to a clinician" in body
    assert "swelling, giving way" in body
    for name in ("referral-clear", "referral-override", "referral-summary"):
        assert url(name, referral) in body


def test_a_clearance_closes_the_referral_adds_restrictions_and_allows_programming(
    client: HttpClient,
) -> None:
    load_library()
    session = referred_session()
    referral = session.referrals.get()
    client.force_login(session.coach)
    response = client.post(
        url("referral-clear", referral),
        {
            "cleared_on": session.assessed_on.isoformat(),
            "cleared_by": "Dr A. Patel, sports physician",
            "restrictions": ["no_loading", "no_single_leg"],
            "note": "Effusion settled; no instability on testing.",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.cleared_by, referral.restrictions) == (
        "cleared",
        "Dr A. Patel, sports physician",
        ["no_loading", "no_single_leg"],
    )
    session.client.refresh_from_db()
    assert session.client.contraindication_codes == ["no_loading", "no_single_leg"]
    assert AuditEvent.objects.filter(
        client=session.client, action=AuditEvent.Action.CLEARED_REFERRAL
    ).exists()
    assert not client_referred(session.client)
    program = program_generate(session=session, user=session.coach)
    assert program.phases.exists()
    page = client.get(reverse("clients:detail", args=[session.client_id])).content
    assert "cleared on" in page.decode() and "No external load" in page.decode()


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"cleared_by": ""}, "cleared_by", "Say who cleared the client."),
        ({"cleared_on": "next week"}, "cleared_on", "Enter a date such as"),
        ({"cleared_on": "2099-01-01"}, "cleared_on", "cannot be in the future"),
        ({"cleared_on": "2020-01-01"}, "cleared_on", "on or after the referral"),
        ({"restrictions": ["no_swimming"]}, "restrictions", "valid choice"),
    ],
)
def test_it_keeps_the_input_and_names_the_field_on_a_bad_clearance(
    client: HttpClient, form: dict, field: str, message: str
) -> None:
    session = referred_session()
    referral = session.referrals.get()
    client.force_login(session.coach)
    data = {
        "cleared_on": session.assessed_on.isoformat(),
        "cleared_by": "Dr Typed Name",
        "note": "typed note kept",
        **form,
    }
    response = client.post(url("referral-clear", referral), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert f'id="field-{field}"' in body
    assert "typed note kept" in body
    referral.refresh_from_db()
    assert referral.is_open


def test_an_override_needs_a_written_reason_and_is_audited(client: HttpClient) -> None:
    session = referred_session()
    referral = session.referrals.get()
    client.force_login(session.coach)
    short = client.post(url("referral-override", referral), {"reason": "oops"})
    assert short.status_code == 400
    assert "at least 10 characters" in short.content.decode()
    assert client_referred(session.client)
    reason = "Red flag ticked in error: no swelling on re-check."
    response = client.post(url("referral-override", referral), {"reason": reason})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.closing_note) == ("overridden", reason)
    assert AuditEvent.objects.filter(
        client=session.client, action=AuditEvent.Action.OVERRODE_REFERRAL
    ).exists()
    page = client.get(reverse("clients:detail", args=[session.client_id])).content
    assert reason in page.decode()


def test_a_closed_referral_cannot_be_cleared_again(client: HttpClient) -> None:
    session = referred_session()
    referral = session.referrals.get()
    client.force_login(session.coach)
    client.post(
        url("referral-override", referral), {"reason": "Ticked in error, re-checked."}
    )
    response = client.post(
        url("referral-clear", referral),
        {"cleared_on": session.assessed_on.isoformat(), "cleared_by": "Dr B"},
    )
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.outcome == "overridden"


def test_the_summary_holds_flags_findings_pain_and_the_plan(client: HttpClient) -> None:
    program = make_program()
    session = referred_session(
        client=program.client, ktw_left_cm=6.0, assessed_on=date(2026, 11, 20)
    )
    referral = session.referrals.get()
    client.force_login(session.coach)
    with_queries = client.get(url("referral-summary", referral))
    body = with_queries.content.decode()
    assert with_queries.status_code == 200
    assert "Referral summary: " in body
    assert "swelling, giving way" in body
    assert "Left knee-to-wall: 6.0 cm" in body and "under 10 cm" in body
    first = program.phases.get(number=1).prescriptions.first()
    assert first.drill.name in body
    assert "referral.css" in body
    assert AuditEvent.objects.filter(
        client=session.client, action=AuditEvent.Action.PRINTED_REFERRAL
    ).exists()


def test_a_later_session_without_red_flags_ends_the_referral() -> None:
    session = referred_session(assessed_on=date(2026, 11, 1))
    make_session(client=session.client, assessed_on=date(2026, 11, 15))
    referral = session.referrals.get()
    assert referral.outcome == Referral.Outcome.RESOLVED
    assert not client_referred(session.client)


def test_an_earlier_dated_session_does_not_end_a_referral() -> None:
    session = referred_session(assessed_on=date(2026, 11, 15))
    make_session(client=session.client, assessed_on=date(2026, 11, 1))
    assert client_referred(session.client)


def test_another_coach_cannot_reach_the_referral_pages(client: HttpClient) -> None:
    session = referred_session()
    referral = session.referrals.get()
    client.force_login(make_coach())
    for name in ("referral-clear", "referral-override", "referral-summary"):
        assert client.get(url(name, referral)).status_code == 404
    assert (
        client.post(url("referral-override", referral), {"reason": "x" * 20})
    ).status_code == 404
    referral.refresh_from_db()
    assert referral.is_open
    assert not Program.objects.exists()


def pained_client():
    """A published program whose client rated a drill 5/10 yesterday (an alert and a step down)."""
    from programs.pain import completion_pain_record

    program = make_program()
    prescription = (
        Prescription.objects.filter(
            phase__program=program, drill__previous_rung__isnull=False
        )
        .select_related("drill")
        .first()
    )
    assert prescription is not None
    outcome = completion_pain_record(
        client=program.client,
        prescription=prescription,
        on_date=timezone.localdate() - timedelta(days=1),
        pain=5,
        note="sharp on the way down",
    )
    return program, prescription, outcome


def test_the_client_page_shows_the_alert_with_the_note_and_marks_it_reviewed(
    client: HttpClient,
) -> None:
    program, prescription, outcome = pained_client()
    client.force_login(program.client.coach)
    page = client.get(reverse("clients:detail", args=[program.client_id])).content
    body = page.decode()
    assert "Pain alerts" in body and "“sharp on the way down”" in body
    assert f"5/10 during {prescription.drill.name}" in body
    response = client.post(
        reverse("clients:pain-alert-review", args=[program.client_id, outcome.alert.pk])
    )
    assert response.status_code == 302
    outcome.alert.refresh_from_db()
    assert outcome.alert.reviewed_by == program.client.coach
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REVIEWED_PAIN, object_id=outcome.alert.pk
    ).exists()
    again = client.get(reverse("clients:detail", args=[program.client_id])).content
    assert "Mark reviewed" not in again.decode()


def test_the_coach_undoes_a_step_down_and_the_client_sees_the_drill_again(
    client: HttpClient,
) -> None:
    program, prescription, outcome = pained_client()
    step = outcome.step_downs[0]
    client.force_login(program.client.coach)
    body = client.get(reverse("clients:detail", args=[program.client_id])).content
    assert f"Undo: back to {prescription.drill.name}" in body.decode()
    response = client.post(
        reverse("clients:step-down-undo", args=[program.client_id, step.pk])
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.undone_by == program.client.coach
    # Undoing answers the alert that made the step down: it leaves the home page.
    outcome.alert.refresh_from_db()
    assert outcome.alert.reviewed_by == program.client.coach
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.UNDID_STEP_DOWN, object_id=step.pk
    ).exists()


def test_another_coach_cannot_review_or_undo(client: HttpClient) -> None:
    program, _, outcome = pained_client()
    client.force_login(make_coach())
    review = reverse(
        "clients:pain-alert-review", args=[program.client_id, outcome.alert.pk]
    )
    undo = reverse(
        "clients:step-down-undo", args=[program.client_id, outcome.step_downs[0].pk]
    )
    assert client.post(review).status_code == 404
    assert client.post(undo).status_code == 404
    outcome.alert.refresh_from_db()
    assert outcome.alert.reviewed_at is None


def test_the_publish_button_says_why_it_is_refused_while_referred(
    client: HttpClient,
) -> None:
    program = make_program(publish=False)
    make_session(
        client=program.client, assessed_on=date(2026, 11, 20), red_flags=["locking"]
    )
    client.force_login(program.client.coach)
    response = client.post(
        reverse("programs:program-publish", args=[program.pk]),
        {"version": program.version},
    )
    assert response.status_code == 400
    assert "is referred to a clinician" in response.content.decode()
    program.refresh_from_db()
    assert program.status == Program.Status.DRAFT


def test_the_summary_costs_the_same_queries_with_more_history(
    client: HttpClient, django_assert_max_num_queries
) -> None:
    from programs.plan.log import completion_toggle

    program = make_program()
    session = referred_session(client=program.client, assessed_on=date(2026, 11, 20))
    referral = session.referrals.get()
    client.force_login(session.coach)
    with django_assert_max_num_queries(12) as first:
        assert client.get(url("referral-summary", referral)).status_code == 200
    today = timezone.localdate()
    for prescription in Prescription.objects.filter(phase__program=program)[:6]:
        for days in range(1, 8):
            completion_toggle(
                client=program.client,
                prescription=prescription,
                on_date=today - timedelta(days=days),
            )
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url("referral-summary", referral)).status_code == 200


def test_the_summary_after_a_clearance_says_who_cleared_and_nothing_is_paused(
    client: HttpClient,
) -> None:
    from tests.factory import make_clearance

    session = referred_session()
    make_clearance(session=session, restrictions=["no_loading"], note="All settled.")
    referral = session.referrals.get()
    client.force_login(session.coach)
    body = client.get(url("referral-summary", referral)).content.decode()
    assert "Cleared on" in body and "Dr A. Patel, sports physician" in body
    assert "No external load" in body
    assert "(paused)" not in body and "Training is paused" not in body


def test_the_program_page_shows_evidence_in_words(client: HttpClient) -> None:
    program = make_program()
    client.force_login(program.client.coach)
    body = client.get(reverse("programs:program-detail", args=[program.pk])).content
    page = body.decode()
    assert "Left knee-to-wall: 7.0 cm" in page
    for raw in ("dorsiflexion.left_cm", "squat.heels_rise", "= True", "seed-ktw-4in"):
        assert raw not in page

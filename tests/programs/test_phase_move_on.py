"""Phases move on by their exit criteria, or by the coach's written reason, never by the calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import AuditEvent
from clients.views.home_page import coach_dashboard
from programs.models import Program
from programs.services import ProgramNotReady, program_phase_move_on
from tests.factory import make_coach, make_program

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


def test_publishing_starts_the_client_in_the_programs_first_phase() -> None:
    program = make_program()
    assert (program.current_phase, program.phase_started_on) == (1, None)


@pytest.mark.parametrize(
    ("reason", "moved"),
    [("", False), ("too short", False), ("Pain free for 3 weeks, good form.", True)],
)
def test_the_coach_moves_on_only_with_a_written_reason(
    reason: str, moved: bool
) -> None:
    program = make_program()
    coach = program.client.coach
    if moved:
        program_phase_move_on(program=program, user=coach, reason=reason, today=TODAY)
    else:
        with pytest.raises(ProgramNotReady, match="at least 10 characters"):
            program_phase_move_on(
                program=program, user=coach, reason=reason, today=TODAY
            )
    program.refresh_from_db()
    assert program.current_phase == (2 if moved else 1)
    assert (program.phase_started_on == TODAY) is moved
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.MOVED_PHASE_ON).exists()
        is moved
    )


def test_there_is_no_phase_after_the_last_one() -> None:
    program = make_program()
    last = program.phases.order_by("-number").first().number
    Program.objects.filter(pk=program.pk).update(current_phase=last)
    program.refresh_from_db()
    with pytest.raises(ProgramNotReady, match="last phase"):
        program_phase_move_on(
            program=program,
            user=program.client.coach,
            reason="Ready for more, says the clinician.",
            today=TODAY,
        )


def test_a_draft_does_not_move_from_phase_to_phase() -> None:
    program = make_program(publish=False)
    with pytest.raises(ProgramNotReady, match="published"):
        program_phase_move_on(
            program=program,
            user=program.client.coach,
            reason="Ready for more, says the clinician.",
            today=TODAY,
        )


def test_the_program_page_moves_the_client_on_with_the_reason(
    client: HttpClient,
) -> None:
    program = make_program()
    client.force_login(program.client.coach)
    page = client.get(reverse("programs:program-detail", args=[program.pk]))
    assert "The client is here" in page.content.decode()
    reason = "Clinician cleared progression; no pain for two weeks."
    response = client.post(
        reverse("programs:phase-move-on", args=[program.pk]), {"reason": reason}
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.current_phase, program.phase_note) == (2, reason)
    again = client.get(reverse("programs:program-detail", args=[program.pk]))
    assert f"Moved on early: “{reason}”" in again.content.decode()


def test_another_coach_cannot_move_the_phase(client: HttpClient) -> None:
    program = make_program()
    client.force_login(make_coach())
    response = client.post(
        reverse("programs:phase-move-on", args=[program.pk]),
        {"reason": "Trying to change someone else's client."},
    )
    assert response.status_code == 404
    program.refresh_from_db()
    assert program.current_phase == 1


@pytest.mark.parametrize(("days", "due"), [(13, False), (14, True), (40, True)])
def test_the_home_page_asks_for_a_retest_once_the_phases_weeks_have_passed(
    days: int, due: bool
) -> None:
    program = make_program()
    weeks = program.phases.get(number=1).weeks
    assert weeks == 2
    Program.objects.filter(pk=program.pk).update(
        published_at=timezone.now() - timedelta(days=days)
    )
    program.client.save()  # a new data version: the dashboard reads it again
    today = timezone.localdate()
    dashboard = coach_dashboard(coach=program.client.coach, today=today)
    reasons = {
        reason.kind: reason.text
        for item in dashboard.attention
        for reason in item.reasons
        if item.client.pk == program.client_id
    }
    assert ("retest" in reasons) is due
    if due:
        assert "Restore has run its 2 weeks" in reasons["retest"]

"""The program page's "move on to the next phase" action (a written reason, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clients.access import coach_required
from config.http import AuthenticatedHttpRequest
from programs.models import Program
from programs.services import ProgramNotReady, program_phase_move_on


@require_POST
@coach_required
def move_phase_on(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    """Move the client on to the next phase before a re-test, with a written reason."""
    program = get_object_or_404(Program, pk=program_id, client__coach=request.user)
    try:
        program = program_phase_move_on(
            program=program,
            user=request.user,
            reason=request.POST.get("reason", ""),
            today=timezone.localdate(),
        )
    except ProgramNotReady as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"Moved on to phase {program.current_phase}. Your reason is kept in the client's record.",
        )
    return redirect(
        reverse("programs:program-detail", args=[program.pk]) + "#phase-gate"
    )

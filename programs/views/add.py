"""Adding a drill from the library to a phase of a program: search, then add."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from clients.access import coach_required
from config.http import HtmxHttpRequest
from programs.editing import (
    SEARCH_LIMIT,
    EditRefused,
    drill_search,
    drills_for_coach,
    prescription_add,
)
from programs.exclusions import program_limits
from programs.forms import AddDrillForm, DrillSearchForm
from programs.models import Drill, Phase
from programs.program_page import drill_results
from programs.services import StaleProgram
from programs.views.editor import STALE_MESSAGE, program_url


def _coach_phase(request: HtmxHttpRequest, phase_id: int) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("program__client", "program__source_session"),
        pk=phase_id,
        program__client__coach=request.user,
    )


def _search_context(
    request: HtmxHttpRequest, phase: Phase, *, chosen: Drill | None = None
) -> dict:
    # After a refused add, search for the drill the coach chose so it stays on screen.
    search = DrillSearchForm({"q": chosen.name} if chosen else request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    return {
        "phase": phase,
        "program": phase.program,
        "search": search,
        "query": query,
        "search_limit": SEARCH_LIMIT,
        "results": drill_results(
            drill_search(coach=request.user, query=query),
            limits=program_limits(
                program=phase.program,
                client_codes=phase.program.client.contraindication_codes,
            ),
            phase_number=phase.number,
        ),
    }


@require_http_methods(["GET", "POST"])
@coach_required
def add_prescription(request: HtmxHttpRequest, phase_id: int) -> HttpResponse:
    phase = _coach_phase(request, phase_id)
    if request.method == "GET":
        return render(
            request, "programs/program_add.html", _search_context(request, phase)
        )
    form = AddDrillForm(request.POST)
    drill: Drill | None = None
    if form.is_valid():
        drill = (
            drills_for_coach(request.user).filter(pk=form.cleaned_data["drill"]).first()
        )
    if drill is None:
        context = _search_context(request, phase)
        context["error"] = "Choose a drill from the library."
        return render(request, "programs/program_add.html", context, status=400)

    try:
        added = prescription_add(
            phase=phase,
            drill=drill,
            coach=request.user,
            seen_version=form.cleaned_data["version"],
            override_reason=form.cleaned_data["override_reason"],
        )
    except (StaleProgram, EditRefused) as refused:
        stale = isinstance(refused, StaleProgram)
        context = _search_context(request, phase, chosen=drill)
        context["error"] = STALE_MESSAGE if stale else str(refused)
        # What the coach typed stays on screen beside the drill they chose.
        context["chosen"] = drill.pk
        context["typed_reason"] = form.cleaned_data["override_reason"]
        return render(
            request, "programs/program_add.html", context, status=409 if stale else 400
        )
    messages.success(request, f"Added {drill.name} to phase {phase.number}.")
    target = program_url(phase.program_id, f"prescription-{added.pk}")
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


@require_GET
@coach_required
def search_drills(request: HtmxHttpRequest) -> HttpResponse:
    """Search results for the add page (?phase=<id>&q=...): the #drill-results partial for htmx."""
    # int(), not str.isdigit(): "²" is a digit that int() refuses, a server error.
    try:
        phase_id = int(request.GET.get("phase", ""))
    except ValueError:
        raise Http404("Which phase?") from None
    phase = _coach_phase(request, phase_id)
    template = "programs/program_add.html"
    if request.htmx:
        template += "#drill-results"
    return render(request, template, _search_context(request, phase))

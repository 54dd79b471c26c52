"""The coach's program pages: generate, review, edit, publish, archive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments.models import AssessmentSession
from assessments.referrals import ClientReferred
from clients.access import coach_required
from clients.time_zones import today_for
from config.http import HtmxHttpRequest
from programs.editing import (
    EditRefused,
    prescription_move,
    prescription_remove,
    prescription_swap,
    prescription_update,
    program_archive_active,
    program_publish_draft,
)
from programs.exclusions import program_limits
from programs.forms import SIDE_CHOICES, DoseForm, VersionForm
from programs.models import Drill, Phase, Prescription, Program
from programs.plan.page import program_window
from programs.program_page import program_page, skipped_rows
from programs.services import ProgramNotReady, StaleProgram, program_generate

STALE_MESSAGE = (
    "Someone else saved this program after you opened it, so your change was not saved. "
    "The page now shows their version; check it and make your change again."
)
STALE_DOSE_MESSAGE = (
    "Someone else saved this program after you opened it, so your change was not saved. "
    "The page now shows their version and your values are kept in the form below: save again to apply them."
)
DIRECTIONS = ("up", "down")


def _coach_program(request: HtmxHttpRequest, program_id: int) -> Program:
    return get_object_or_404(Program, pk=program_id, client__coach=request.user)


def _coach_prescription(request: HtmxHttpRequest, prescription_id: int) -> Prescription:
    return get_object_or_404(
        Prescription.objects.select_related(
            "drill__next_rung", "drill__previous_rung", "phase__program"
        ),
        pk=prescription_id,
        phase__program__client__coach=request.user,
    )


def program_url(program_id: int, anchor: str = "") -> str:
    url = reverse("programs:program-detail", args=[program_id])
    return f"{url}#{anchor}" if anchor else url


def _loaded_program(request: HtmxHttpRequest, program_id: int) -> Program:
    """The program with everything the page shows, in a fixed number of queries."""
    prescriptions = Prescription.objects.select_related(
        "drill__next_rung", "drill__previous_rung"
    ).order_by("order", "id")
    phases = Phase.objects.order_by("number").prefetch_related(
        Prefetch("prescriptions", queryset=prescriptions)
    )
    return get_object_or_404(
        Program.objects.select_related(
            "client", "source_session", "previous_program"
        ).prefetch_related(Prefetch("phases", queryset=phases)),
        pk=program_id,
        client__coach=request.user,
    )


def _render_program(
    request: HtmxHttpRequest,
    program_id: int,
    *,
    status: int = 200,
    error: str = "",
    notice: str = "",
    dose_form: tuple[int, DoseForm] | None = None,
) -> HttpResponse:
    """The program page, or only its #program-phases region for htmx (every version field lives there)."""
    context = _program_context(
        request, program_id, error=error, notice=notice, dose_form=dose_form
    )
    return render(request, _program_template(request), context, status=status)


def _program_template(request: HtmxHttpRequest) -> str:
    template = "programs/program_detail.html"
    if request.htmx:
        template += "#program-phases"
    return template


def _program_context(
    request: HtmxHttpRequest,
    program_id: int,
    *,
    error: str = "",
    notice: str = "",
    dose_form: tuple[int, DoseForm] | None = None,
) -> dict[str, object]:
    program = _loaded_program(request, program_id)
    page = program_page(
        program,
        limits=program_limits(
            program=program, client_codes=program.client.contraindication_codes
        ),
    )
    dropped = program.proposal.get("dropped", []) if program.proposal else []
    if program.skipped or dropped:
        slugs = {str(item.get("slug")) for item in [*program.skipped, *dropped]}
        names = dict(Drill.objects.filter(slug__in=slugs).values_list("slug", "name"))
        page = replace(
            page,
            skipped=skipped_rows(program.skipped, names=names),
            dropped=tuple(
                (names.get(str(item.get("slug")), ""), str(item.get("reason", "")))
                for item in dropped
            ),
        )
    # Rows render their dose inputs from plain values (programs/_dose_inputs.html);
    # only a form sent back with errors is a Django form.
    if dose_form is not None and dose_form[0] in page.rows:
        page.rows[dose_form[0]].dose_form = dose_form[1]
    window = None
    if program.status == Program.Status.PUBLISHED:
        # The client's week of the phase: their own day, wherever the coach is.
        window = program_window(
            program=program,
            phases=list(program.phases.all()),
            day=today_for(program.client),
        )
    return {
        "page": page,
        "side_choices": SIDE_CHOICES,
        "program": program,
        "error": error,
        "notice": notice,
        "window": window,
    }


def _apply_edit(
    request: HtmxHttpRequest,
    program_id: int,
    form: VersionForm,
    edit: Callable[[int], str],
    *,
    anchor: str = "",
    whole_page: bool = False,
) -> HttpResponse:
    """Run one edit with the version the coach saw; refuse stale or rule-breaking edits with a message.

    whole_page: the edit changes more than the phases region (the status in
    the heading), so htmx reloads the page instead of swapping the region.
    """
    if not form.is_valid():
        return _render_program(
            request,
            program_id,
            status=400,
            error="This form was incomplete. Reload the page and try again.",
        )
    try:
        notice = edit(form.cleaned_data["version"])
    except StaleProgram:
        return _render_program(request, program_id, status=409, error=STALE_MESSAGE)
    except (EditRefused, ClientReferred) as refused:
        return _render_program(request, program_id, status=400, error=str(refused))
    if request.htmx and not whole_page:
        return _render_program(request, program_id, notice=notice)
    messages.success(request, notice)
    target = program_url(program_id, anchor)
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


@require_POST
@coach_required
def generate_program(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(
        AssessmentSession.objects.select_related("client"),
        pk=session_id,
        client__coach=request.user,
    )
    try:
        program = program_generate(session=session, user=request.user)
    except (ProgramNotReady, ClientReferred) as not_ready:
        messages.error(request, str(not_ready))
        target = reverse("assessments:session-detail", args=[session.pk])
    else:
        if program.previous_program_id:
            messages.success(
                request,
                "Proposed the next program from the re-assessment. Review it, then accept and publish.",
            )
        else:
            messages.success(
                request,
                "Program drafted. Review the drills, then publish it for the client.",
            )
        target = program_url(program.pk)
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


@require_GET
@coach_required
def show_program(request: HtmxHttpRequest, program_id: int) -> HttpResponse:
    return render(
        request, _program_template(request), _program_context(request, program_id)
    )


@require_POST
@coach_required
def publish_program(request: HtmxHttpRequest, program_id: int) -> HttpResponse:
    program = _coach_program(request, program_id)

    def edit(version: int) -> str:
        program_publish_draft(program=program, seen_version=version, user=request.user)
        return "Published. The client now sees this program."

    return _apply_edit(
        request, program.pk, VersionForm(request.POST), edit, whole_page=True
    )


@require_POST
@coach_required
def archive_program(request: HtmxHttpRequest, program_id: int) -> HttpResponse:
    program = _coach_program(request, program_id)

    def edit(version: int) -> str:
        program_archive_active(program=program, seen_version=version)
        return "Archived. The client no longer sees this program."

    return _apply_edit(
        request, program.pk, VersionForm(request.POST), edit, whole_page=True
    )


@require_POST
@coach_required
def swap_prescription(
    request: HtmxHttpRequest, prescription_id: int, direction: str
) -> HttpResponse:
    if direction not in DIRECTIONS:
        raise Http404("Swap up or down.")
    prescription = _coach_prescription(request, prescription_id)
    before = prescription.drill.name

    def edit(version: int) -> str:
        prescription_swap(
            prescription=prescription, direction=direction, seen_version=version
        )
        return f"Swapped {before} for {prescription.drill.name}."

    return _apply_edit(
        request,
        prescription.phase.program_id,
        VersionForm(request.POST),
        edit,
        anchor=f"prescription-{prescription.pk}",
    )


@require_POST
@coach_required
def update_prescription(request: HtmxHttpRequest, prescription_id: int) -> HttpResponse:
    prescription = _coach_prescription(request, prescription_id)
    program_id = prescription.phase.program_id
    auto_id = f"id_p{prescription.pk}_%s"
    form = DoseForm(request.POST, auto_id=auto_id)
    if not form.is_valid():
        return _render_program(
            request,
            program_id,
            status=400,
            error=f"Check the dose of {prescription.drill.name}: it was not saved.",
            dose_form=(prescription.pk, form),
        )
    data = form.cleaned_data
    try:
        prescription_update(
            prescription=prescription,
            seen_version=data["version"],
            sets=data["sets"],
            reps=data["reps"],
            seconds=data["seconds"],
            tempo=data["tempo"],
            side=data["side"],
        )
    except StaleProgram:
        # Keep what the coach typed, now against the current version, so one
        # more deliberate save applies it on top of the other person's change.
        kept: QueryDict = request.POST.copy()
        kept["version"] = str(
            Program.objects.values_list("version", flat=True).get(pk=program_id)
        )
        return _render_program(
            request,
            program_id,
            status=409,
            error=STALE_DOSE_MESSAGE,
            dose_form=(prescription.pk, DoseForm(kept, auto_id=auto_id)),
        )
    except EditRefused as refused:
        return _render_program(
            request,
            program_id,
            status=400,
            error=str(refused),
            dose_form=(prescription.pk, form),
        )
    notice = f"Saved the dose of {prescription.drill.name}."
    if request.htmx:
        return _render_program(request, program_id, notice=notice)
    messages.success(request, notice)
    return redirect(program_url(program_id, f"prescription-{prescription.pk}"))


@require_POST
@coach_required
def move_prescription(
    request: HtmxHttpRequest, prescription_id: int, direction: str
) -> HttpResponse:
    if direction not in DIRECTIONS:
        raise Http404("Move up or down.")
    prescription = _coach_prescription(request, prescription_id)

    def edit(version: int) -> str:
        prescription_move(
            prescription=prescription, direction=direction, seen_version=version
        )
        return f"Moved {prescription.drill.name} {direction}."

    return _apply_edit(
        request,
        prescription.phase.program_id,
        VersionForm(request.POST),
        edit,
        anchor=f"prescription-{prescription.pk}",
    )


@require_POST
@coach_required
def remove_prescription(request: HtmxHttpRequest, prescription_id: int) -> HttpResponse:
    prescription = _coach_prescription(request, prescription_id)
    name = prescription.drill.name

    def edit(version: int) -> str:
        prescription_remove(prescription=prescription, seen_version=version)
        return f"Removed {name}."

    return _apply_edit(
        request,
        prescription.phase.program_id,
        VersionForm(request.POST),
        edit,
        anchor=f"phase-{prescription.phase_id}",
    )

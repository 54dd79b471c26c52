"""A coach's own drills: list, create, edit, delete, and whether the engine may use them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments.core.wording import contraindication_words
from clients.access import coach_required
from config.http import AuthenticatedHttpRequest, HtmxHttpRequest
from programs.library.forms import PrivateDrillForm
from programs.library.history import revision_views
from programs.library.services import DrillProtected, drill_delete, drill_save
from programs.models import Drill, DrillRevision


@dataclass(frozen=True, slots=True)
class DrillRow:
    """A line of the coach's drill list: the drill and, in words, when programs leave it out."""

    drill: Drill
    left_out_for: tuple[str, ...]


def _save(request: AuthenticatedHttpRequest, form: PrivateDrillForm) -> Drill | None:
    """The form's drill through drill_save; None (with the message on the form) if refused."""
    drill = form.save(commit=False)
    drill.owner = request.user
    if "retired" in form.cleaned_data:
        retired = form.cleaned_data["retired"]
        if retired and drill.retired_at is None:
            drill.retired_at = timezone.now()
        elif not retired:
            drill.retired_at = None
    try:
        return drill_save(
            drill=drill, author=request.user, source=DrillRevision.Source.COACH
        )
    except DrillProtected as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return None


@require_GET
@coach_required
def list_my_drills(request: HtmxHttpRequest) -> HttpResponse:
    drills = (
        Drill.objects.filter(owner=request.user)
        .select_related("next_rung")
        .order_by("retired_at", "ladder", "rung", "name")
    )
    rows = [
        DrillRow(
            drill=drill,
            left_out_for=(
                *contraindication_words(drill.contraindication_codes),
                *(
                    []
                    if drill.max_pain is None
                    else [f"Knee pain above {drill.max_pain}/10"]
                ),
            ),
        )
        for drill in drills
    ]
    return render(request, "programs/drill_list.html", {"rows": rows})


@require_POST
@coach_required
def update_drill_preference(request: HtmxHttpRequest) -> HttpResponse:
    """The coach's opt-in: may generated programs use their own drills?"""
    user = request.user
    user.use_private_drills = request.POST.get("use_private_drills") == "on"
    user.save(update_fields=["use_private_drills"])
    if request.htmx:
        return render(
            request, "programs/drill_list.html#drill-preference", {"saved": True}
        )
    messages.success(
        request,
        "Generated programs now use your own drills too."
        if user.use_private_drills
        else "Generated programs now use the shared library only.",
    )
    return redirect("drills:list")


@require_http_methods(["GET", "POST"])
@coach_required
def create_drill(request: HtmxHttpRequest) -> HttpResponse:
    form = PrivateDrillForm(owner=request.user)
    status = 200
    if request.method == "POST":
        form = PrivateDrillForm(request.POST, request.FILES, owner=request.user)
        if form.is_valid() and (drill := _save(request, form)) is not None:
            messages.success(request, f"{drill.name} added to your drills.")
            if request.htmx:
                return HttpResponseClientRedirect(reverse("drills:list"))
            return redirect("drills:list")
        status = 400
    return render(
        request,
        "programs/drill_form.html",
        {"form": form, "drill": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@coach_required
def edit_drill(request: HtmxHttpRequest, drill_id: int) -> HttpResponse:
    # Another coach's drill (or a shared one) does not exist for this coach.
    drill = get_object_or_404(Drill, pk=drill_id, owner=request.user)
    title = drill.name
    form = PrivateDrillForm(instance=drill, owner=request.user)
    status = 200
    if request.method == "POST":
        form = PrivateDrillForm(
            request.POST, request.FILES, instance=drill, owner=request.user
        )
        if form.is_valid() and (saved := _save(request, form)) is not None:
            messages.success(request, f"{saved.name} saved.")
            if request.htmx:
                return HttpResponseClientRedirect(reverse("drills:list"))
            return redirect("drills:list")
        status = 400
    revisions = revision_views(drill.revisions.select_related("author")[:10])
    return render(
        request,
        "programs/drill_form.html",
        {"form": form, "drill": drill, "title": title, "revisions": revisions},
        status=status,
    )


@require_POST
@coach_required
def delete_drill(request: HtmxHttpRequest, drill_id: int) -> HttpResponse:
    """Delete one of the coach's own drills that no program uses; otherwise say to retire it."""
    drill = get_object_or_404(Drill, pk=drill_id, owner=request.user)
    name = drill.name
    try:
        drill_delete(
            drill=drill, author=request.user, source=DrillRevision.Source.COACH
        )
    except DrillProtected as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{name} deleted.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("drills:list"))
    return redirect("drills:list")

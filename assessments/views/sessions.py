"""Assessment entry with live findings, the read-only final page, amendments, compare."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments.forms import AmendForm, SessionForm, session_initial
from assessments.models import AssessmentSession
from assessments.referrals import programming_refusal
from assessments.services import (
    SessionLocked,
    session_amend,
    session_compare,
    session_finalise,
    session_findings,
    session_save,
    session_viewed,
)
from assessments.session_layout import field_view, form_sections
from assessments.video.services import session_video_evidence, video_prefill
from assessments.views.display import (
    change_view,
    findings_panel,
    kujala_change_view,
    session_values,
)
from clients.access import coach_client_or_404, coach_required
from clients.models import Client
from clients.services import user_distance_unit_remember
from config.http import AuthenticatedHttpRequest, HtmxHttpRequest

FORM_TEMPLATE = "assessments/session_form.html"


def _own_session(
    request: AuthenticatedHttpRequest, session_id: int
) -> AssessmentSession:
    """The coach's own session (another coach's does not exist for them)."""
    return get_object_or_404(
        AssessmentSession.objects.select_related(
            "client", "finalised_by", "amends", "amendment"
        ),
        pk=session_id,
        client__coach=request.user,
    )


def _latest_session(client: Client) -> AssessmentSession | None:
    return (
        AssessmentSession.objects.current()
        .filter(client=client)
        .only("ktw_method", "ktw_footwear", "abduction_dyn_unit")
        .order_by("-assessed_on", "-id")
        .first()
    )


def _to_detail(request: HtmxHttpRequest, session: AssessmentSession) -> HttpResponse:
    url = reverse("assessments:session-detail", args=[session.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: SessionForm,
    client: Client,
    mode: str,
    session: AssessmentSession | None = None,
    status: int = 200,
    from_video: list | None = None,
) -> HttpResponse:
    """The entry screen: the form with the findings of what it holds so far."""
    # form.instance carries every valid field (ModelForm builds it while cleaning).
    # Distances in the unit on screen: what the coach is typing in.
    panel = findings_panel(
        session_findings(form.instance), distance_unit=form.unit_value
    )
    if mode == "create" or session is None:
        heading = f"New assessment: {client.name}"
        action = reverse("assessments:session-create", args=[client.pk])
    elif mode == "amend":
        heading = f"Correct the session of {session.assessed_on:%d %b %Y}"
        action = reverse("assessments:session-amend", args=[session.pk])
    else:
        heading = f"Assessment draft: {client.name}"
        action = reverse("assessments:session-detail", args=[session.pk])
    return render(
        request,
        FORM_TEMPLATE,
        {
            "client": client,
            "session": session,
            "form": form,
            "sections": form_sections(form),
            "reason": form["reason"] if "reason" in form.fields else None,
            "panel": panel,
            "mode": mode,
            "heading": heading,
            "form_action": action,
            # Squat flags ticked from confirmed video flags: {field name: evidence}.
            "from_video": {item.field: item for item in from_video or ()},
        },
        status=status,
    )


def _locked(
    request: AuthenticatedHttpRequest, session: AssessmentSession, message: str
) -> HttpResponse:
    return render(
        request,
        "assessments/session_locked.html",
        {"session": session, "client": session.client, "message": message},
        status=409,
    )


FINAL_LOCKED = (
    "This session is final and cannot be edited. "
    "Record a correction as an amendment: the original is kept."
)


def _add_model_errors(form: SessionForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def _save(
    request: HtmxHttpRequest,
    *,
    form: SessionForm,
    client: Client,
    mode: str,
    finalise: bool,
) -> HttpResponse:
    """Save a valid form as a draft, or finalise it; the form comes back on error."""
    session = form.instance
    try:
        if finalise:
            session = session_finalise(session=session, user=request.user)
        else:
            session = session_save(session=session, user=request.user)
    except SessionLocked:
        return _locked(request, session, FINAL_LOCKED)
    except ValidationError as error:
        _add_model_errors(form, error)
        return _form_page(
            request,
            form=form,
            client=client,
            mode=mode,
            session=session if session.pk else None,
            status=400,
        )
    # The unit the coach just typed in is the one their pages show from now on.
    user_distance_unit_remember(
        user=request.user, distance_unit=form.cleaned_data["unit"]
    )
    messages.success(
        request,
        "Session finalised: it is now read-only." if finalise else "Draft saved.",
    )
    return _to_detail(request, session)


@require_http_methods(["GET", "POST"])
@coach_required
def create_session(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    client = coach_client_or_404(request, client_id)
    session = AssessmentSession(client=client, coach=request.user)
    if request.method == "POST":
        form = SessionForm(request.POST, instance=session, client=client)
        if form.is_valid():
            return _save(
                request,
                form=form,
                client=client,
                mode="create",
                finalise=request.POST.get("action") == "final",
            )
        return _form_page(request, form=form, client=client, mode="create", status=400)
    from_video = video_prefill(client=client)
    initial = session_initial(previous=_latest_session(client))
    initial.update(dict.fromkeys((item.field for item in from_video), True))
    form = SessionForm(
        instance=session,
        client=client,
        initial=initial,
        distance_unit=request.user.distance_unit,
    )
    return _form_page(
        request, form=form, client=client, mode="create", from_video=from_video
    )


@require_http_methods(["GET", "POST"])
@coach_required
def show_session(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    client = session.client
    if request.method == "GET":
        session_viewed(session=session, user=request.user)
    if session.is_final:
        if request.method == "POST":
            return _locked(request, session, FINAL_LOCKED)
        return _final_page(request, session)
    if request.method == "POST":
        form = SessionForm(request.POST, instance=session, client=client)
        if form.is_valid():
            return _save(
                request,
                form=form,
                client=client,
                mode="edit",
                finalise=request.POST.get("action") == "final",
            )
        return _form_page(
            request, form=form, client=client, mode="edit", session=session, status=400
        )
    form = SessionForm(
        instance=session, client=client, distance_unit=request.user.distance_unit
    )
    return _form_page(request, form=form, client=client, mode="edit", session=session)


def _final_page(
    request: AuthenticatedHttpRequest, session: AssessmentSession
) -> HttpResponse:
    # Reverse one-to-one: None when the session has not been amended.
    amendment = getattr(session, "amendment", None)
    return render(
        request,
        "assessments/session_detail.html",
        {
            "session": session,
            "client": session.client,
            "values": session_values(session, distance_unit=request.user.distance_unit),
            "panel": findings_panel(
                session_findings(session), distance_unit=request.user.distance_unit
            ),
            "amendment": amendment,
            "is_current": session.superseded_at is None,
            # Why no program may be generated now ("" when it may): CLINICAL.md section 8.
            "refusal": programming_refusal(client=session.client, session=session),
            "video_evidence": session_video_evidence(session=session),
        },
    )


@require_POST
@coach_required
def finalise_session(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    client = session.client
    if session.is_final:
        return _locked(request, session, "This session is already final.")
    if "assessed_on" in request.POST:
        # The entry form came along: finalise what is on screen.
        form = SessionForm(request.POST, instance=session, client=client)
        if not form.is_valid():
            return _form_page(
                request,
                form=form,
                client=client,
                mode="edit",
                session=session,
                status=400,
            )
        return _save(request, form=form, client=client, mode="edit", finalise=True)
    try:
        session_finalise(session=session, user=request.user)
    except ValidationError:
        messages.error(request, "Correct the session before finalising it.")
        return _to_detail(request, session)
    messages.success(request, "Session finalised: it is now read-only.")
    return _to_detail(request, session)


@require_http_methods(["GET", "POST"])
@coach_required
def amend_session(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    original = _own_session(request, session_id)
    client = original.client
    if not original.is_final:
        return _locked(
            request, original, "This session is still a draft: edit it directly."
        )
    if original.superseded_at is not None:
        return _locked(
            request,
            original,
            "This session has already been amended: correct the latest version.",
        )
    # The form edits a copy, so the original stays exactly as it was.
    corrected = copy.copy(original)
    if request.method == "POST":
        form = AmendForm(request.POST, instance=corrected, client=client)
        if form.is_valid():
            try:
                amended = session_amend(
                    original=original,
                    corrected=form.instance,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except SessionLocked as error:
                return _locked(request, original, str(error))
            except ValidationError as error:
                _add_model_errors(form, error)
            else:
                user_distance_unit_remember(
                    user=request.user, distance_unit=form.cleaned_data["unit"]
                )
                messages.success(request, "Correction saved; the original is kept.")
                return _to_detail(request, amended)
        return _form_page(
            request,
            form=form,
            client=client,
            mode="amend",
            session=original,
            status=400,
        )
    form = AmendForm(
        instance=corrected, client=client, distance_unit=request.user.distance_unit
    )
    return _form_page(request, form=form, client=client, mode="amend", session=original)


@require_GET
@coach_required
def compare_session(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    session_viewed(session=session, user=request.user, compare=True)
    comparison = session_compare(session)
    return render(
        request,
        "assessments/session_compare.html",
        {
            "session": session,
            "client": session.client,
            "previous": comparison.previous,
            "changes": [
                change_view(
                    change,
                    dynamometer_unit=comparison.dynamometer_unit,
                    distance_unit=request.user.distance_unit,
                )
                for change in comparison.changes
            ]
            + (
                [kujala_change_view(comparison.kujala)]
                if comparison.kujala is not None
                else []
            ),
        },
    )


@require_POST
@coach_required
def preview_findings(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    """The findings panel for what is on screen; nothing is saved."""
    client = coach_client_or_404(request, client_id)
    form = SessionForm(
        request.POST,
        instance=AssessmentSession(client=client, coach=request.user),
        client=client,
    )
    # Invalid fields are left out of the instance, so the panel shows what is usable.
    form.is_valid()
    return render(
        request,
        f"{FORM_TEMPLATE}#findings-panel",
        {
            "panel": findings_panel(
                session_findings(form.instance), distance_unit=form.unit_value
            ),
            "preview": True,
        },
    )


@require_POST
@coach_required
def validate_field(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    """One field of the entry form with its message, checked when the coach leaves it."""
    client = coach_client_or_404(request, client_id)
    name = request.GET.get("field") or request.htmx.trigger_name or ""
    form = SessionForm(
        request.POST,
        instance=AssessmentSession(client=client, coach=request.user),
        client=client,
    )
    if name not in form.fields:
        return HttpResponseBadRequest("Unknown field.")
    form.is_valid()
    return render(
        request, f"{FORM_TEMPLATE}#session-field", {"fv": field_view(form, name)}
    )

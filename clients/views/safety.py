"""The coach's safety actions: referrals (clearance, override, printable summary), pain alerts, step downs.

CLINICAL.md section 8. The writes are assessments/referrals.py services (audited in
their own transaction); these views only check ownership, show forms and explain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.core.wording import dose_words
from assessments.models import Referral
from assessments.referrals import (
    referral_clear,
    referral_override,
    referral_summary_printed,
)
from assessments.services import session_findings
from assessments.views.display import FindingsPanel, findings_panel
from clients.access import coach_client_or_404, coach_required
from clients.models import Client
from config.http import AuthenticatedHttpRequest
from programs.forms import ClearanceForm, OverrideForm
from programs.models import (
    Completion,
    PainAlert,
    PainReport,
    Prescription,
    Program,
    StepDown,
)
from programs.pain_review import pain_alert_review, step_down_undo

PAIN_HISTORY_DAYS = 28
INVALID = 400


def _referral(
    request: AuthenticatedHttpRequest, client_id: int, referral_id: int
) -> Referral:
    client = coach_client_or_404(request, client_id)
    return get_object_or_404(
        Referral.objects.select_related("client", "session"),
        pk=referral_id,
        client=client,
    )


def _apply(form: Form, write: Callable[[], None]) -> bool:
    """Run the service; its ValidationError lands on the form's fields."""
    try:
        write()
    except ValidationError as problem:
        if hasattr(problem, "error_dict"):
            for field, errors in problem.error_dict.items():
                target = field if field in form.fields else None
                for error in errors:
                    form.add_error(target, error.messages)
        else:
            form.add_error(None, problem.messages)
        return False
    return True


def _back_to_client(referral: Referral) -> str:
    return reverse("clients:detail", args=[referral.client_id]) + "#referral"


@require_http_methods(["GET", "POST"])
@coach_required
def clear_referral(
    request: AuthenticatedHttpRequest, client_id: int, referral_id: int
) -> HttpResponse:
    referral = _referral(request, client_id, referral_id)
    form = ClearanceForm(
        request.POST or None, initial={"cleared_on": timezone.localdate()}
    )
    if request.method == "POST" and referral.is_open and form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            referral_clear(
                referral=referral,
                user=request.user,
                cleared_on=data["cleared_on"],
                cleared_by=data["cleared_by"],
                restrictions=data["restrictions"],
                note=data["note"],
            )

        if _apply(form, write):
            messages.success(
                request,
                f"Clearance recorded. You can now generate a program for {referral.client.name}.",
            )
            return redirect(_back_to_client(referral))
    return render(
        request,
        "clients/referral_clear.html",
        {"referral": referral, "client": referral.client, "form": form},
        status=INVALID if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@coach_required
def override_referral(
    request: AuthenticatedHttpRequest, client_id: int, referral_id: int
) -> HttpResponse:
    referral = _referral(request, client_id, referral_id)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and referral.is_open and form.is_valid():

        def write() -> None:
            referral_override(
                referral=referral, user=request.user, reason=form.cleaned_data["reason"]
            )

        if _apply(form, write):
            messages.success(
                request,
                "Referral overridden. Your reason is kept in the client's record.",
            )
            return redirect(_back_to_client(referral))
    return render(
        request,
        "clients/referral_override.html",
        {"referral": referral, "client": referral.client, "form": form},
        status=INVALID if request.method == "POST" else 200,
    )


@dataclass(frozen=True, slots=True)
class PainLine:
    on: date
    what: str
    pain: str
    note: str


@dataclass(frozen=True, slots=True)
class PlanLine:
    phase: str
    drill: str
    dose: str


@dataclass(frozen=True, slots=True)
class ReferralSummary:
    client: Client
    referral: Referral
    age: int | None
    panel: FindingsPanel | None
    pain: tuple[PainLine, ...]
    plan: tuple[PlanLine, ...]
    program: Program | None
    since: date


def referral_summary(*, referral: Referral, today: date) -> ReferralSummary:
    client = referral.client
    since = today - timedelta(days=PAIN_HISTORY_DAYS - 1)
    panel = (
        findings_panel(session_findings(referral.session))
        if referral.session is not None
        else None
    )
    lines = [
        PainLine(r.on_date, "Knee pain that day", f"{r.pain}/10", r.note)
        for r in PainReport.objects.filter(client=client, on_date__gte=since)
    ]
    for done in Completion.objects.filter(
        client=client, on_date__gte=since
    ).select_related("prescription__drill", "drill"):
        if done.pain is None and done.pain_next_day is None:
            continue
        parts = []
        if done.pain is not None:
            parts.append(f"{done.pain}/10 during")
        if done.pain_next_day is not None:
            parts.append(f"{done.pain_next_day}/10 the next day")
        drill = done.drill or done.prescription.drill
        lines.append(PainLine(done.on_date, drill.name, ", ".join(parts), done.note))
    program = (
        Program.objects.filter(client=client, status=Program.Status.PUBLISHED)
        .only("id", "published_at")
        .first()
    )
    plan: list[PlanLine] = []
    if program is not None:
        for item in Prescription.objects.filter(phase__program=program).select_related(
            "drill", "phase"
        ):
            plan.append(
                PlanLine(
                    f"Phase {item.phase.number}: {item.phase.name}",
                    item.drill.name,
                    dose_words(
                        sets=item.sets,
                        reps=item.reps,
                        seconds=item.seconds,
                        side=item.side,
                        per_side=item.drill.per_side,
                    ),
                )
            )
    return ReferralSummary(
        client=client,
        referral=referral,
        age=client.age_on(today),
        panel=panel,
        pain=tuple(sorted(lines, key=lambda line: (line.on, line.what), reverse=True)),
        plan=tuple(plan),
        program=program,
        since=since,
    )


@require_GET
@coach_required
def show_referral_summary(
    request: AuthenticatedHttpRequest, client_id: int, referral_id: int
) -> HttpResponse:
    referral = _referral(request, client_id, referral_id)
    referral_summary_printed(referral=referral, user=request.user)
    summary = referral_summary(referral=referral, today=timezone.localdate())
    return render(
        request,
        "clients/referral_summary.html",
        {"summary": summary, "client": referral.client, "coach": request.user},
    )


@require_POST
@coach_required
def review_pain_alert(
    request: AuthenticatedHttpRequest, client_id: int, alert_id: int
) -> HttpResponse:
    client = coach_client_or_404(request, client_id)
    alert = get_object_or_404(PainAlert, pk=alert_id, client=client)
    try:
        pain_alert_review(alert=alert, user=request.user)
    except ValidationError as problem:
        messages.info(request, " ".join(problem.messages))
    else:
        messages.success(request, "Pain alert marked as reviewed.")
    return redirect(reverse("clients:detail", args=[client.pk]) + "#pain-alerts")


@require_POST
@coach_required
def undo_step_down(
    request: AuthenticatedHttpRequest, client_id: int, step_id: int
) -> HttpResponse:
    client = coach_client_or_404(request, client_id)
    step = get_object_or_404(
        StepDown.objects.select_related("prescription__drill"),
        pk=step_id,
        client=client,
    )
    try:
        step_down_undo(step_down=step, user=request.user)
    except ValidationError as problem:
        messages.info(request, " ".join(problem.messages))
    else:
        messages.success(
            request,
            f"Step down undone: {client.name} sees {step.prescription.drill.name} again.",
        )
    return redirect(reverse("clients:detail", args=[client.pk]) + "#pain-alerts")

"""The client's plan on a phone: today's drills, one-tap done, pain, offline support."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments.referrals import client_referred, referral_report
from clients.access import client_required, client_role_or_403, own_profile_or_403
from clients.client_password import client_password_form
from clients.models import Client, User
from clients.views.etag import conditional_page, page_client, plan_stamp
from config.http import HtmxHttpRequest
from programs.models import Completion, PainReport, Prescription, Program
from programs.pain import Advice, completion_pain_record, pain_today_stop
from programs.pain_next_day import next_day_pain_record, next_day_question
from programs.plan.forms import (
    DrillPainForm,
    MarkDayForm,
    NextDayPainForm,
    PainForm,
    SymptomForm,
)
from programs.plan.log import (
    completion_set,
    completion_toggle,
    pain_report_save,
    plan_prescription,
)
from programs.plan.page import (
    plan_card,
    plan_drill,
    plan_phases,
    plan_program,
    plan_step_downs,
    plan_today,
    step_down_in_force,
)
from programs.plan.progress import week_progress
from programs.services import program_started_on


def _pain_form(report: PainReport | None) -> PainForm:
    """The pain form showing what the client already reported today."""
    if report is None:
        return PainForm()
    return PainForm(initial={"pain": report.pain, "note": report.note})


PAUSED = (
    "Your plan is paused until you have seen a clinician, so nothing was saved. "
    "Your coach knows."
)


def coach_name(coach: User) -> str:
    return coach.get_full_name() or coach.get_username()


def _to_plan(request: HtmxHttpRequest, anchor: str = "") -> HttpResponse:
    """Back to the plan page: a redirect, or for htmx a client-side one (the whole page changes)."""
    url = reverse("plan:today") + (f"#{anchor}" if anchor else "")
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _paused(request: HtmxHttpRequest) -> HttpResponse:
    """Refuse a write while the client is referred: the plan page shows why."""
    messages.warning(request, PAUSED)
    return _to_plan(request)


@require_GET
@conditional_page(plan_stamp)
def show_plan(request: HtmxHttpRequest) -> HttpResponse:
    # The profile and its coach in one query.
    client = page_client(request) or own_profile_or_403(
        request, queryset=Client.objects.select_related("coach")
    )
    if client_referred(client):
        context = {
            "paused": True,
            "client": client,
            "coach_name": coach_name(client.coach),
        }
    else:
        plan = plan_today(client=client)
        context = {
            "plan": plan,
            "pain_form": _pain_form(plan.pain_today),
            "symptom_form": SymptomForm(),
        }
    return render(request, "programs/plan.html", context)


def _own_prescription(request: HtmxHttpRequest, prescription_id: int) -> Prescription:
    """A drill of the signed-in client's published plan; another client's does not exist (404)."""
    client_role_or_403(request)
    prescription = plan_prescription(user=request.user, prescription_id=prescription_id)
    if prescription is None:
        own_profile_or_403(request)  # a client without a profile: 403, as elsewhere
        raise Http404("No such drill in your plan.")
    return prescription


def _mark_day(request: HtmxHttpRequest, *, program: Program | None) -> MarkDayForm:
    """The day a mark is for: today, or the day a phone that was offline made it."""
    return MarkDayForm(
        request.POST,
        today=timezone.localdate(),
        started_on=program_started_on(program) if program is not None else None,
    )


def _refused(
    request: HtmxHttpRequest, prescription: Prescription, words: str
) -> HttpResponse:
    """A mark that cannot be saved: the card says why (htmx), else the plan page does."""
    if request.htmx:
        return _card(request, prescription, status=words, error=words)
    messages.error(request, words)
    return redirect(f"{reverse('plan:today')}#drill-card-{prescription.pk}")


@require_POST
def toggle_done(request: HtmxHttpRequest, prescription_id: int) -> HttpResponse:
    """Mark a drill done or undo it, for today or (sent late from a phone that was
    offline) the day it was marked. Another client's drill does not exist (404)."""
    prescription = _own_prescription(request, prescription_id)
    client = prescription.phase.program.client
    if client_referred(client):
        return _paused(request)
    program = prescription.phase.program
    form = _mark_day(request, program=program)
    if not form.is_valid():
        return _refused(request, prescription, form.problem)
    day = form.cleaned_data["day"]
    steps = plan_step_downs([prescription.pk]).get(prescription.pk, [])
    shown = step_down_in_force(steps, today=day)
    drill = shown.drill if shown else None
    if form.cleaned_data["done"] is None:
        done = completion_toggle(
            client=client, prescription=prescription, on_date=day, drill=drill
        )
    else:
        done = completion_set(
            client=client,
            prescription=prescription,
            on_date=day,
            done=form.cleaned_data["done"],
            drill=drill,
        )
    if not request.htmx:
        return redirect(f"{reverse('plan:today')}#drill-card-{prescription.pk}")
    pain = (
        Completion.objects.filter(prescription=prescription, on_date=day)
        .values_list("pain", flat=True)
        .first()
    )
    item = plan_drill(
        prescription=prescription,
        findings=program.findings,
        done=done,
        pain=pain,
        step_downs=steps,
        today=day,
        training_days=client.training_days,
    )
    progress = week_progress(
        client=client, program=program, phases=plan_phases(program), today=day
    )
    card = render_to_string(
        "programs/plan.html#drill-card",
        {"item": item, "just_toggled": True},
        request=request,
    )
    counter = render_to_string(
        "programs/plan.html#week-count",
        {"progress": progress, "oob": True},
        request=request,
    )
    return HttpResponse(card + counter)


def _card(
    request: HtmxHttpRequest,
    prescription: Prescription,
    *,
    status: str = "",
    error: str = "",
) -> HttpResponse:
    """A drill card for htmx, with the words a screen reader announces (the card's own by default)."""
    item = plan_card(prescription=prescription, today=timezone.localdate())
    if not status and item.pain is not None:
        status = f"Pain during {item.pain}/10 saved. {item.advice}"
    return render(
        request,
        "programs/plan.html#drill-card",
        {"item": item, "status_words": status, "card_error": error},
    )


@require_POST
def rate_drill_pain(request: HtmxHttpRequest, prescription_id: int) -> HttpResponse:
    """Pain during a drill done today, one tap (0-10), then the advice at once."""
    prescription = _own_prescription(request, prescription_id)
    client = prescription.phase.program.client
    if client_referred(client):
        return _paused(request)
    anchor = f"drill-card-{prescription.pk}"
    when = _mark_day(request, program=prescription.phase.program)
    if not when.is_valid():
        return _refused(request, prescription, when.problem)
    day = when.cleaned_data["day"]
    form = DrillPainForm(request.POST)
    if not form.is_valid():
        # ErrorList items read as their messages (str).
        error = str(form.errors.get("pain", form.errors.get("note", [""]))[0])
        if request.htmx:
            return _card(request, prescription, status=error, error=error)
        messages.error(request, error)
        return redirect(f"{reverse('plan:today')}#{anchor}")
    try:
        outcome = completion_pain_record(
            client=client,
            prescription=prescription,
            on_date=day,
            pain=form.cleaned_data["pain"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        words = " ".join(error.messages)
        if request.htmx:
            return _card(request, prescription, status=words, error=words)
        messages.info(request, words)
        return redirect(f"{reverse('plan:today')}#{anchor}")
    if outcome.advice == Advice.STOP:
        messages.warning(request, outcome.words(today=day))
        return _to_plan(request)
    if not request.htmx:
        return redirect(f"{reverse('plan:today')}#{anchor}")
    # The card says what the rating means, as it will on every later view.
    return _card(request, prescription)


@require_POST
@client_required
def rate_next_day(request: HtmxHttpRequest) -> HttpResponse:
    """How the knee feels today after the last training day's drills (asked once)."""
    client = request.user.client_profile
    if client_referred(client):
        return _paused(request)
    today = timezone.localdate()
    form = NextDayPainForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request,
                "programs/plan.html#next-day",
                {
                    "question": next_day_question(client=client, today=today),
                    "next_day_form": form,
                },
            )
        messages.error(
            request, str((form.errors.get("pain") or form.errors["note"])[0])
        )
        return redirect(f"{reverse('plan:today')}#next-day")
    try:
        outcome = next_day_pain_record(
            client=client,
            today=today,
            pain=form.cleaned_data["pain"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        return _to_plan(request)
    words = outcome.words(today=today)
    if outcome.advice == Advice.FINE and request.htmx:
        return render(
            request,
            "programs/plan.html#next-day",
            {"next_day_answer": f"Thank you. {words}"},
        )
    messages.info(request, f"Thank you. {words}")
    return _to_plan(request)


@require_POST
@client_required
def report_symptoms(request: HtmxHttpRequest) -> HttpResponse:
    """A worrying symptom (swelling, giving way...): the coach is told and the plan pauses."""
    client = request.user.client_profile
    if client_referred(client):
        return _paused(request)
    form = SymptomForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request, "programs/plan.html#symptoms", {"symptom_form": form}
            )
        plan = plan_today(client=client)
        return render(
            request,
            "programs/plan.html",
            {
                "plan": plan,
                "pain_form": _pain_form(plan.pain_today),
                "symptom_form": form,
            },
            status=400,
        )
    referral_report(
        client=client,
        red_flags=form.cleaned_data["symptoms"],
        note=form.cleaned_data["note"],
    )
    messages.info(request, "Thank you for telling us. Your coach knows.")
    return _to_plan(request)


@require_POST
@client_required
def report_pain(request: HtmxHttpRequest) -> HttpResponse:
    """Today's pain rating; a second report the same day replaces the first."""
    client = request.user.client_profile
    if client_referred(client):
        return _paused(request)
    program = plan_program(client)
    when = _mark_day(request, program=program)
    form = PainForm(request.POST)
    if when.is_valid() and form.is_valid():
        day = when.cleaned_data["day"]
    else:
        for error in when.errors.get("day", ()):
            form.add_error("pain", error)
        if request.htmx:
            # htmx does not swap 4xx responses: the form comes back with 200 and its messages.
            return render(request, "programs/plan.html#pain-form", {"pain_form": form})
        plan = plan_today(client=client)
        return render(
            request,
            "programs/plan.html",
            {"plan": plan, "pain_form": form, "symptom_form": SymptomForm()},
            status=400,
        )
    report = pain_report_save(
        client=client,
        on_date=day,
        pain=form.cleaned_data["pain"],
        note=form.cleaned_data["note"],
        program=program,
    )
    stopped = pain_today_stop(
        client=client,
        today=report.on_date,
        pain=report.pain,
        note=report.note,
        program=program,
    )
    if stopped is not None:
        messages.warning(request, stopped.words(today=report.on_date))
        return _to_plan(request)
    if request.htmx:
        return render(
            request,
            "programs/plan.html#pain-form",
            {"pain_form": _pain_form(report), "pain_saved": report},
        )
    return redirect(f"{reverse('plan:today')}#pain-form")


@require_http_methods(["GET", "POST"])
@client_required
def set_password(request: HtmxHttpRequest) -> HttpResponse:
    """Optional: a password, so the client can also sign in on /login/ without the link.

    The phone stays signed in. Revoking the link removes the password too
    (clients/links.py), so the coach can still cut off access at once.
    """
    user = request.user
    # Changing a password asks for the current one (a lost phone is not enough).
    form = client_password_form(user, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            update_session_auth_hash(request, user)
            messages.success(
                request,
                f"Password saved. You can now also sign in as {user.get_username()} with it.",
            )
            return redirect("plan:password")
        status = 400
    return render(
        request,
        "programs/plan_password.html",
        {"form": form, "has_password": user.has_usable_password()},
        status=status,
    )

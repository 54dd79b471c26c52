"""Preview as the client: the coach sees the client's phone plan as it is today, read-only.

The page is the client's own plan template, marked as a preview, with every
control disabled. The server refuses writes anyway: every plan action checks
that a client is signed in (clients/access.py), so a coach's POST gets 403
and nothing is saved. Each preview is written to the client's audit log.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from assessments.referrals import client_referred
from clients.access import coach_client_or_404, coach_required
from clients.models import Client
from clients.records import plan_previewed
from config.http import AuthenticatedHttpRequest
from programs.plan.forms import PainForm, SymptomForm
from programs.plan.page import plan_today
from programs.plan.views import coach_name


@require_GET
@coach_required
@never_cache
def preview_plan(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = coach_client_or_404(
        request, client_id, queryset=Client.objects.select_related("coach")
    )
    plan_previewed(client=client, user=request.user)
    context: dict[str, object] = {"preview_client": client}
    if client_referred(client):
        context.update(paused=True, client=client, coach_name=coach_name(client.coach))
    else:
        plan = plan_today(client=client)
        report = plan.pain_today
        context.update(
            plan=plan,
            pain_form=PainForm(
                initial={"pain": report.pain, "note": report.note} if report else None
            ),
            symptom_form=SymptomForm(),
        )
    return render(request, "clients/plan_preview.html", context)

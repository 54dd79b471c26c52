"""Site-wide views: the role-aware home page and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from programs.dashboard import (
    ADHERENCE_DAYS,
    PAIN_ALERT,
    PAIN_DAYS,
    TRAINING_DAYS_PER_WEEK,
    coach_dashboard,
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_client:
        return redirect("plan:today")
    if user.is_library_editor and not user.is_coach:
        return redirect("admin:index")
    context: dict[str, object] = {
        "pain_alert": PAIN_ALERT,
        "pain_days": PAIN_DAYS,
        "adherence_days": ADHERENCE_DAYS,
        "training_days": TRAINING_DAYS_PER_WEEK,
    }
    if user.is_coach:
        context["dashboard"] = coach_dashboard(coach=user, today=timezone.localdate())
    return render(request, "home.html", context)


@require_GET
@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

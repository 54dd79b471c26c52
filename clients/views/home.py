"""The home page: a coach's clients needing attention; clients and editors go to their pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments.core.rules import threshold
from clients.messages import unread_for_coach
from clients.page_cache import render_cached, roster_stamp
from clients.views.home_page import (
    ADHERENCE_DAYS,
    PAIN_ALERT,
    PAIN_DAYS,
    TRAINING_DAYS_PER_WEEK,
    coach_dashboard,
)
from config.http import AuthenticatedHttpRequest


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.is_client:
        return redirect("plan:today")
    if user.is_library_editor and not user.is_coach:
        return redirect("admin:index")
    if not user.is_coach:
        return render(request, "home.html")

    def context() -> dict[str, object]:
        return {
            "pain_alert": PAIN_ALERT,
            # Thresholds of the sentences, from the rule table (never retyped).
            "refer_pain": int(threshold("pain_refer_out")),
            "acceptable_pain": int(threshold("pain_acceptable")),
            "pain_days": PAIN_DAYS,
            "adherence_days": ADHERENCE_DAYS,
            "training_days": TRAINING_DAYS_PER_WEEK,
            "dashboard": coach_dashboard(coach=user, today=timezone.localdate()),
            # Its own small query: a message touches its client, so the stamp follows it.
            "unread_threads": unread_for_coach(user),
        }

    return render_cached(
        request, "home.html", stamp=roster_stamp(user), context=context
    )

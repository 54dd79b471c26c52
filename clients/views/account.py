"""A person's own settings: the coach's time zone and distance unit, and the
browser's zone taken once on first sign-in (static/js/time-zone.js)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients.forms import AccountSettingsForm
from clients.services import time_zone_default_set, user_preferences_set
from config.http import AuthenticatedHttpRequest

INVALID = 400


@require_http_methods(["GET", "POST"])
def edit_account_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Coaches and library editors; a client's zone is the coach's to set (client form)."""
    if getattr(request.user, "is_client", False):
        raise PermissionDenied("Your coach sets your time zone.")
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user_preferences_set(
                user=request.user,
                time_zone=form.cleaned_data["time_zone"],
                distance_unit=form.cleaned_data["distance_unit"],
            )
            messages.success(request, "Settings saved.")
            return redirect("account-settings")
        return render(
            request,
            "registration/account_settings.html",
            {"form": form},
            status=INVALID,
        )
    return render(request, "registration/account_settings.html", {"form": form})


@require_POST
def set_browser_time_zone(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The zone the browser reports, kept only while the person has none (204 either way)."""
    try:
        time_zone_default_set(
            user=request.user, name=request.POST.get("time_zone", "").strip()
        )
    except ValidationError:
        return HttpResponse("Unknown time zone.", status=400, content_type="text/plain")
    return HttpResponse(status=204)

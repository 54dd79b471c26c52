"""The client's reminder choice (phone) and the one-tap stop link from the email."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clients.access import client_required
from clients.forms import ReminderForm
from clients.reminders import reminders_set, reminders_stop, unsubscribe_client
from clients.time_zones import zone
from config.http import AuthenticatedHttpRequest, PublicHttpRequest


@require_http_methods(["GET", "POST"])
@client_required
def edit_reminders(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = request.user.client_profile
    form = ReminderForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        reminders_set(client=form.save(commit=False))
        messages.success(
            request, "Reminders on." if client.reminders_on else "Reminders off."
        )
        return redirect("reminders:edit")
    context = {
        "form": form,
        "days": client.schedule_words,
        "zone_name": str(zone(client.time_zone)).replace("_", " "),
    }
    return render(
        request,
        "clients/reminders.html",
        context,
        status=400 if form.errors else 200,
    )


# The stop link works without signing in: the signed token is the key, and all it can
# do is turn reminders off. Mail apps' one-click unsubscribe (RFC 8058) POSTs to it
# without a CSRF token; a plain GET (link scanners open links) only asks.
@login_not_required
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def stop_reminders(request: PublicHttpRequest, token: str) -> HttpResponse:
    client = unsubscribe_client(token)
    if client is None:
        return render(
            request, "clients/reminders_stop.html", {"invalid": True}, status=404
        )
    if request.method == "POST":
        reminders_stop(client=client)
        return render(request, "clients/reminders_stop.html", {"stopped": True})
    return render(
        request,
        "clients/reminders_stop.html",
        {"already_off": not client.reminders_on},
    )

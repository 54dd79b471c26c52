"""The benchmark's ceiling: the fastest page Django serves here (a small template, no database).

Routed only when WEAKLINK_BENCH=1 (bench/pages.py sets it), never in normal runs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.http import AuthenticatedHttpRequest, PublicHttpRequest

ITEMS = ("ankle", "knee", "hip")


@require_GET
@login_not_required
def baseline(request: PublicHttpRequest) -> HttpResponse:
    return render(request, "bench/baseline.html", {"title": "Baseline", "items": ITEMS})


@require_GET
def signed_in_floor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same template for a signed-in user: what every page pays before its own work.

    Loading the session and the user (two queries) and the sign-in checks; no page
    can be faster than this, cached or not.
    """
    title = f"Signed in as {request.user.get_username()}"
    return render(request, "bench/baseline.html", {"title": title, "items": ITEMS})

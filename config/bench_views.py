"""The benchmark's ceiling: the fastest page Django serves here (a small template, no database).

Routed only when WEAKLINK_BENCH=1 (bench/pages.py sets it), never in normal runs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_not_required
def baseline(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "bench/baseline.html",
        {"title": "Baseline", "items": ("ankle", "knee", "hip")},
    )

"""The rule table, readable by coaches and library editors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.core.findings import RULES, SOURCES
from config.http import AuthenticatedHttpRequest


@require_GET
def show_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (request.user.is_coach or request.user.is_library_editor):
        raise PermissionDenied("The rule table is for coaches and library editors.")
    rows = [(rule, SOURCES.get(rule.source)) for rule in RULES]
    return render(
        request, "assessments/rules.html", {"rows": rows, "sources": SOURCES.values()}
    )

"""The rule table, readable by coaches and library editors."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.core.rules import PUBLISHED, RULES, SOURCES, Rule
from assessments.core.wording import (
    field_label,
    finding_name,
    rule_words,
    source_title,
    source_words,
)
from config.http import AuthenticatedHttpRequest


@dataclass(frozen=True, slots=True)
class RuleRow:
    finding: str
    measure: str
    threshold: str
    source: str
    source_title: str
    published: bool


def rule_row(rule: Rule) -> RuleRow:
    return RuleRow(
        # A rule with no finding code judges a change or the program's pace.
        finding=finding_name(rule.code) if rule.code else "Change or progression",
        measure=field_label(rule.field),
        threshold=rule_words(rule.comparison),
        source=source_words(rule.source),
        source_title=source_title(rule.source),
        published=rule.status == PUBLISHED,
    )


@require_GET
def show_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (request.user.is_coach or request.user.is_library_editor):
        raise PermissionDenied("The rule table is for coaches and library editors.")
    return render(
        request,
        "assessments/rules.html",
        {"rows": [rule_row(rule) for rule in RULES], "sources": SOURCES.values()},
    )

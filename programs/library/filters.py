"""List filters of the drill admin; each works the same on SQLite and PostgreSQL."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from assessments.core.wording import finding_name, ladder_words
from programs.models import Drill

CODE_MAX_LENGTH = 100


class FindingCodeFilter(admin.SimpleListFilter):
    title = "finding"
    parameter_name = "finding"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        codes: set[str] = set()
        for row in Drill.objects.values_list("finding_codes", flat=True):
            codes.update(row or [])
        return [(code, finding_name(code)) for code in sorted(codes)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        code = self.value()
        if not code:
            return queryset
        if len(code) > CODE_MAX_LENGTH:
            # No code is that long, and SQLite refuses a LIKE pattern over 50,000 bytes.
            return queryset.none()
        # The JSON text holds each code in double quotes, on SQLite and PostgreSQL
        # alike (JSON containment would need PostgreSQL).
        return queryset.filter(finding_codes__icontains=f'"{code}"')


class LadderFilter(admin.SimpleListFilter):
    title = "ladder"
    parameter_name = "ladder"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        ladders = Drill.objects.order_by("ladder").values_list("ladder", flat=True)
        return [(ladder, ladder_words(ladder)) for ladder in ladders.distinct()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(ladder=self.value()) if self.value() else queryset


class LibraryFilter(admin.SimpleListFilter):
    title = "library"
    parameter_name = "library"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        return [("shared", "Shared library"), ("private", "Coaches' private drills")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "shared":
            return queryset.filter(owner__isnull=True)
        if self.value() == "private":
            return queryset.filter(owner__isnull=False)
        return queryset


class RetiredFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        return [("active", "In use for new programs"), ("retired", "Retired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "active":
            return queryset.filter(retired_at__isnull=True)
        if self.value() == "retired":
            return queryset.filter(retired_at__isnull=False)
        return queryset

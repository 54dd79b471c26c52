"""Admin registrations; the drill admin itself lives in programs/library/admin.py."""

from __future__ import annotations

from django.contrib import admin

from clients.admin import BoundedSearchMixin
from programs.library.admin import DrillAdmin
from programs.models import Completion, Drill, PainReport, Phase, Prescription, Program

admin.site.register(Drill, DrillAdmin)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Program)
class ProgramAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = (
        "client",
        "status",
        "version",
        "refer_out",
        "created_by",
        "published_at",
        "created_at",
    )
    list_filter = ("status", "refer_out")
    search_fields = ("client__name",)
    list_select_related = ("client", "created_by")
    raw_id_fields = ("client", "source_session", "previous_program", "created_by")
    inlines = [PhaseInline]


@admin.register(Prescription)
class PrescriptionAdmin(admin.ModelAdmin):
    list_display = ("drill", "phase", "side", "sets", "reps", "seconds", "order")
    list_select_related = ("drill", "phase", "phase__program__client")
    raw_id_fields = ("phase", "drill")


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ("client", "prescription", "on_date", "done", "pain")
    list_filter = ("done", "on_date")
    list_select_related = ("client", "prescription__drill")
    raw_id_fields = ("client", "prescription")


@admin.register(PainReport)
class PainReportAdmin(admin.ModelAdmin):
    list_display = ("client", "on_date", "pain", "note")
    list_filter = ("on_date",)
    list_select_related = ("client",)
    raw_id_fields = ("client", "program")

from django.contrib import admin

from assessments.models import AssessmentSession
from clients.admin import BoundedSearchMixin


@admin.register(AssessmentSession)
class AssessmentSessionAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = (
        "client",
        "assessed_on",
        "status",
        "ktw_left_cm",
        "ktw_right_cm",
        "knee_pain_nrs",
        "refer_out",
    )
    list_filter = ("status", "refer_out", "ktw_method", "ktw_footwear")
    search_fields = ("client__name",)
    date_hierarchy = "assessed_on"
    list_select_related = ("client",)
    raw_id_fields = ("client", "coach", "amends", "finalised_by")
    readonly_fields = (
        "refer_out",
        "finding_codes",
        "created_at",
        "updated_at",
        "finalised_at",
        "superseded_at",
    )

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.http import HttpRequest

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

    # A final session is a record: corrections are amendments made by the coach
    # (a new session that keeps the original, with who, when and why). The
    # admin may show it but never change or delete it.
    def has_change_permission(
        self, request: HttpRequest, obj: AssessmentSession | None = None
    ) -> bool:
        if obj is not None and obj.status == AssessmentSession.Status.FINAL:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: AssessmentSession | None = None
    ) -> bool:
        if obj is not None and obj.status == AssessmentSession.Status.FINAL:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(
        self,
        request: HttpRequest,
        action_location: ActionLocation = ActionLocation.CHANGE_LIST,
    ) -> dict:
        # The bulk "delete selected" would delete final sessions too.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

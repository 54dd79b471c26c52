"""The drill library's admin: the library editors' home (filters, ladder, preview, import/export)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from assessments.core.types import CONTRAINDICATIONS
from assessments.core.wording import dose_words, ladder_words
from clients.admin import BoundedSearchMixin
from programs.library.admin_form import DrillAdminForm
from programs.library.admin_pages import SOURCE, LibraryPagesMixin, signed_in_editor
from programs.library.checks import delete_problems
from programs.library.filters import (
    FindingCodeFilter,
    LadderFilter,
    LibraryFilter,
    RetiredFilter,
)
from programs.library.history import revision_views
from programs.library.services import (
    drill_delete,
    drill_save,
    drills_retire,
    ladder_rungs,
)
from programs.models import Drill


class ContraindicationFilter(admin.SimpleListFilter):
    """Drills a restriction rules out, listed by its words (CLINICAL.md section 9)."""

    title = "ruled out for clients with"
    parameter_name = "ruled_out"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        return list(CONTRAINDICATIONS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        code = self.value()
        if not code:
            return queryset
        if code not in CONTRAINDICATIONS:
            return queryset.none()
        # Each code sits in double quotes in the JSON text, as in FindingCodeFilter.
        return queryset.filter(contraindication_codes__icontains=f'"{code}"')


def is_library_editor(request: HttpRequest) -> bool:
    """The library-editor role (or a superuser): coaches and clients never edit drills."""
    user = request.user
    return bool(user.is_active and getattr(user, "is_library_editor", False))


class DrillAdmin(LibraryPagesMixin, BoundedSearchMixin, admin.ModelAdmin):
    form = DrillAdminForm
    # Few, short columns so the list fits a 1280 px laptop without a sideways
    # scroll: the list shows the shared library only (no library column), the
    # filters pick loaded or retired drills, a retired drill says so after its name.
    list_display = (
        "drill_name",
        "ladder_rung",
        "kind",
        "dose",
        "pain_ceiling",
    )
    list_display_links = ("drill_name",)
    list_filter = (
        "region",
        "purpose",
        "loaded",
        LadderFilter,
        FindingCodeFilter,
        ContraindicationFilter,
        LibraryFilter,
        RetiredFilter,
    )
    search_fields = ("name", "slug", "ladder", "instructions")
    list_select_related = ("owner",)
    list_per_page = 50
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = (
        "rung",
        "ladder_view",
        "card_preview",
        "recent_history",
        "owner",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "region", "purpose", "loaded")}),
        (
            "Ladder",
            {"fields": ("ladder", "new_ladder", "rung", "next_rung", "ladder_view")},
        ),
        ("Dose", {"fields": ("sets", "reps", "seconds", "tempo", "per_side")}),
        (
            "What the client reads",
            {"fields": ("cues", "instructions", "contraindications")},
        ),
        (
            "When programs leave it out",
            {
                "fields": ("contraindication_codes", "max_pain"),
                "description": "Generated programs never give this drill to a client "
                "with a ticked restriction, nor when the session's knee pain is above "
                "the ceiling: the nearest easier rung that is allowed takes its place, and "
                "the coach sees every skip.",
            },
        ),
        ("Findings", {"fields": ("finding_codes",)}),
        (
            "Image or video",
            {
                "fields": (
                    "image",
                    "media_alt",
                    "video",
                    "video_poster",
                    "video_captions",
                    "media_url",
                )
            },
        ),
        ("How the client sees it", {"fields": ("card_preview",)}),
        (
            "Status and history",
            {
                "fields": (
                    "retired_at",
                    "owner",
                    "created_at",
                    "updated_at",
                    "recent_history",
                )
            },
        ),
    )
    actions = ("retire_drills", "bring_back_drills")
    change_form_template = "admin/programs/drill/drill_change_form.html"
    change_list_template = "admin/programs/drill/drill_change_list.html"
    object_history_template = "admin/programs/drill/drill_history.html"

    class Media:
        css = {"all": ("programs/drill_admin.css",)}

    # --- who may use it -----------------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_library_editor(request) and super().has_module_permission(request)

    def has_view_permission(
        self, request: HttpRequest, obj: Drill | None = None
    ) -> bool:
        return is_library_editor(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_library_editor(request) and super().has_add_permission(request)

    def has_change_permission(
        self, request: HttpRequest, obj: Drill | None = None
    ) -> bool:
        return is_library_editor(request) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(
        self, request: HttpRequest, obj: Drill | None = None
    ) -> bool:
        return is_library_editor(request) and super().has_delete_permission(
            request, obj
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A coach's private drills are theirs: editors never list, change or delete them.
        return super().get_queryset(request).filter(owner__isnull=True)

    # --- list -----------------------------------------------------------------

    @admin.display(description="drill", ordering="name")
    def drill_name(self, drill: Drill) -> str:
        return f"{drill.name} (retired)" if drill.retired_at else drill.name

    @admin.display(description="ladder", ordering="ladder")
    def ladder_rung(self, drill: Drill) -> str:
        return f"{ladder_words(drill.ladder)}, rung {drill.rung}"

    @admin.display(description="kind", ordering="region")
    def kind(self, drill: Drill) -> str:
        loaded = ", loaded" if drill.loaded else ""
        return f"{drill.get_region_display()} {drill.get_purpose_display().lower()}{loaded}"

    @admin.display(description="dose")
    def dose(self, drill: Drill) -> str:
        return dose_words(
            sets=drill.sets,
            reps=drill.reps,
            seconds=drill.seconds,
            side="",
            per_side=drill.per_side,
        )

    @admin.display(description="pain max", ordering="max_pain")
    def pain_ceiling(self, drill: Drill) -> str:
        return "—" if drill.max_pain is None else f"{drill.max_pain}/10"

    def get_actions(
        self,
        request: HttpRequest,
        action_location: ActionLocation = ActionLocation.CHANGE_LIST,
    ) -> dict:
        actions = super().get_actions(request, action_location=action_location)
        # One at a time, through delete_view: it names the programs that need a drill.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(
        description="Retire selected drills (kept in old programs)",
        permissions=["change"],
    )
    def retire_drills(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = drills_retire(
            drills=queryset,
            retired=True,
            author=signed_in_editor(request),
            source=SOURCE,
        )
        self.message_user(
            request, f"{count} drills retired: new programs leave them out."
        )

    @admin.action(description="Bring back selected drills", permissions=["change"])
    def bring_back_drills(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = drills_retire(
            drills=queryset,
            retired=False,
            author=signed_in_editor(request),
            source=SOURCE,
        )
        self.message_user(request, f"{count} drills back in use for new programs.")

    # --- change form ------------------------------------------------------------

    @admin.display(description="ladder, easiest first")
    def ladder_view(self, drill: Drill) -> SafeString:
        if not drill.pk:
            return format_html("{}", "Saved drills show their ladder here.")
        rungs = ladder_rungs(drill)
        below = next((r for r in rungs if r.next_rung_id == drill.pk), None)
        above = next((r for r in rungs if r.pk == drill.next_rung_id), None)
        return render_to_string(
            "admin/programs/drill/drill_ladder.html",
            {"drill": drill, "rungs": rungs, "below": below, "above": above},
        )

    @admin.display(description="client's drill card")
    def card_preview(self, drill: Drill) -> SafeString:
        if not drill.pk:
            return format_html("{}", "Save the drill to see its card.")
        return render_to_string(
            "programs/drill_card_preview.html",
            {
                "drill": drill,
                "dose": dose_words(
                    sets=drill.sets,
                    reps=drill.reps,
                    seconds=drill.seconds,
                    side="",
                    per_side=drill.per_side,
                ),
                "cues": drill.cues[:3],
            },
        )

    @admin.display(description="recent changes")
    def recent_history(self, drill: Drill) -> SafeString:
        if not drill.pk:
            return format_html("{}", "—")
        revisions = revision_views(drill.revisions.select_related("author")[:5])
        return render_to_string(
            "admin/programs/drill/drill_revisions.html",
            {
                "revisions": revisions,
                "history_url": reverse("admin:programs_drill_history", args=[drill.pk]),
            },
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        drill = self.get_object(request, object_id)
        if drill is not None and self.has_change_permission(request, drill):
            extra_context["can_move_up"] = drill.next_rung_id is not None
            extra_context["can_move_down"] = Drill.objects.filter(
                next_rung=drill
            ).exists()
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: Drill, form: DrillAdminForm, change: bool
    ) -> None:
        drill_save(drill=obj, author=signed_in_editor(request), source=SOURCE)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        drill = self.get_object(request, object_id)
        revisions = (
            revision_views(drill.revisions.select_related("author"))
            if drill is not None and self.has_view_permission(request, drill)
            else []
        )
        return super().history_view(
            request, object_id, {**(extra_context or {}), "revisions": revisions}
        )

    # --- delete ---------------------------------------------------------------

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        drill = self.get_object(request, object_id)
        if drill is not None and self.has_delete_permission(request, drill):
            problems = delete_problems(drill)
            if problems:
                for problem in problems:
                    self.message_user(request, problem, messages.ERROR)
                return HttpResponseRedirect(
                    reverse("admin:programs_drill_change", args=[drill.pk])
                )
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(
        self, objs: Sequence[Drill] | QuerySet[Drill], request: HttpRequest
    ) -> tuple:
        deleted, counts, perms_needed, _protected = super().get_deleted_objects(
            objs, request
        )
        # The ladder link to a deleted drill is closed by drill_delete, so only
        # programs protect a drill; delete_view has turned those away already.
        protected = [problem for drill in objs for problem in delete_problems(drill)]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Drill) -> None:
        drill_delete(drill=obj, author=signed_in_editor(request), source=SOURCE)

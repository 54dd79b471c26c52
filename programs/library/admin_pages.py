"""The drill admin's extra pages: move a rung up or down, export and import the library file."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.core.wording import ladder_words
from clients.models import User
from programs.library.files import (
    LibraryError,
    library_export_text,
    library_load,
    parse_library,
)
from programs.library.forms import LibraryApplyForm, LibraryUploadForm
from programs.library.services import DOWN, UP, DrillProtected, drill_move
from programs.models import Drill, DrillRevision

SOURCE = DrillRevision.Source.ADMIN


def signed_in_editor(request: HttpRequest) -> User:
    """The signed-in library editor who makes a change (the admin lets no one else in)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


class LibraryPagesMixin(admin.ModelAdmin):
    """Mixed into DrillAdmin (programs/library/admin.py): its URLs and their views."""

    def get_urls(self) -> list:
        extra = [
            path(
                "export/",
                self.admin_site.admin_view(self.export_library),
                name="programs_drill_export",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_library),
                name="programs_drill_import",
            ),
            path(
                "<int:drill_id>/move/<str:direction>/",
                self.admin_site.admin_view(self.move_drill),
                name="programs_drill_move",
            ),
        ]
        return extra + super().get_urls()

    @method_decorator(require_GET)
    def export_library(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            library_export_text(), content_type="application/json; charset=utf-8"
        )
        filename = f"drill-library-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_library(self, request: HttpRequest) -> HttpResponse:
        if not (
            self.has_add_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        upload_form = LibraryUploadForm()
        apply_form = None
        report_lines: list[str] = []
        apply_error = ""
        status = 200
        if request.method == "POST" and "text" in request.POST:
            apply_form = LibraryApplyForm(request.POST)
            if apply_form.is_valid():
                try:
                    report = library_load(
                        parse_library(apply_form.cleaned_data["text"]),
                        author=signed_in_editor(request),
                    )
                except LibraryError as error:
                    apply_error, apply_form, status = str(error), None, 400
                else:
                    for line in report.lines():
                        self.message_user(request, line.strip())
                    return HttpResponseRedirect(
                        reverse("admin:programs_drill_changelist")
                    )
            else:
                apply_error = "The previewed file did not come back; upload it again."
                apply_form, status = None, 400
        elif request.method == "POST":
            upload_form = LibraryUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                text = upload_form.cleaned_data["library"]
                upload = request.FILES.get("library")
                name = (upload.name if upload is not None else None) or ""
                try:
                    report_lines = library_load(
                        parse_library(text, name=name), dry_run=True
                    ).lines()
                except LibraryError as error:
                    upload_form.add_error("library", str(error))
                    status = 400
                else:
                    apply_form = LibraryApplyForm(initial={"text": text})
            else:
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": "Import the drill library",
            "opts": Drill._meta,
            "upload_form": upload_form,
            "apply_form": apply_form,
            "report_lines": report_lines,
            "apply_error": apply_error,
        }
        return TemplateResponse(
            request, "admin/programs/drill/drill_import.html", context, status=status
        )

    @method_decorator(require_POST)
    def move_drill(
        self, request: HttpRequest, drill_id: int, direction: str
    ) -> HttpResponse:
        drill = get_object_or_404(Drill, pk=drill_id)
        if not self.has_change_permission(request, drill):
            raise PermissionDenied
        if direction not in (UP, DOWN):
            raise PermissionDenied
        try:
            drill = drill_move(
                drill=drill,
                direction=direction,
                author=signed_in_editor(request),
                source=SOURCE,
            )
        except DrillProtected as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                f"{drill.name} is now rung {drill.rung} of the ladder "
                f"“{ladder_words(drill.ladder)}”.",
            )
        return HttpResponseRedirect(
            reverse("admin:programs_drill_change", args=[drill.pk])
        )

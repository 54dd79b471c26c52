from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import smart_split

from clients.models import Client, User

SEARCH_MAX_WORDS = 10
SEARCH_MAX_LENGTH = 200


if TYPE_CHECKING:
    _Admin = admin.ModelAdmin
else:
    _Admin = object


class BoundedSearchMixin(_Admin):
    """Admin search on the first 200 characters and the first few words only.

    Each word adds a condition over every search field: thousands of words make
    a query SQLite refuses ("Expression tree is too large"), and so does one
    word longer than its LIKE pattern limit: server errors, both.
    """

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        words = list(smart_split(search_term[:SEARCH_MAX_LENGTH]))
        search_term = " ".join(words[:SEARCH_MAX_WORDS])
        return super().get_search_results(request, queryset, search_term)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BoundedSearchMixin, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(BoundedSearchMixin, BaseUserAdmin):
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "is_staff",
        "is_active",
    )
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Weaklink", {"fields": ("role",)}))
    add_fieldsets = (
        *(BaseUserAdmin.add_fieldsets or ()),
        ("Weaklink", {"fields": ("role",)}),
    )


@admin.register(Client)
class ClientAdmin(BoundedSearchMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "coach",
        "activity",
        "reassess_every_weeks",
        "archived_at",
        "created_at",
    )
    list_filter = ("archived_at", "sex")
    search_fields = ("name", "activity", "coach__username")
    list_select_related = ("coach",)
    raw_id_fields = ("coach", "user")

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from clients.models import Client, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
    fieldsets = (*BaseUserAdmin.fieldsets, ("Weaklink", {"fields": ("role",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Weaklink", {"fields": ("role",)}))


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
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

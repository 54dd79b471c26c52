from __future__ import annotations

from django.urls import path

from programs.library import views

app_name = "drills"

urlpatterns = [
    path("", views.list_my_drills, name="list"),
    path("new/", views.create_drill, name="create"),
    path("<int:drill_id>/edit/", views.edit_drill, name="edit"),
    path("<int:drill_id>/delete/", views.delete_drill, name="delete"),
    path("preference/", views.update_drill_preference, name="preference"),
]

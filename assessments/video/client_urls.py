from __future__ import annotations

from django.urls import path

from assessments.video import views

app_name = "squat-video"

urlpatterns = [
    path("", views.film_squat, name="film"),
    path("<int:video_id>/delete/", views.delete_own_video, name="delete"),
]

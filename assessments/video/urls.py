from __future__ import annotations

from django.urls import path

from assessments.video import views

app_name = "videos"

urlpatterns = [
    path("<int:video_id>/", views.review_video, name="review"),
    path("<int:video_id>/clip/", views.serve_clip, name="clip"),
    path("<int:video_id>/stills/<int:rep>/", views.serve_still, name="still"),
    path("<int:video_id>/flags/", views.review_flag, name="flag"),
    path("<int:video_id>/finish/", views.finish_review, name="finish"),
    path(
        "<int:video_id>/compare/<int:other_id>/",
        views.compare_videos,
        name="compare",
    ),
]

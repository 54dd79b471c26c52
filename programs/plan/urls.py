from __future__ import annotations

from django.urls import path

from programs.plan import offline, views

app_name = "plan"

urlpatterns = [
    path("", views.show_plan, name="today"),
    path("done/<int:prescription_id>/", views.toggle_done, name="toggle-done"),
    path(
        "done/<int:prescription_id>/pain/",
        views.rate_drill_pain,
        name="drill-pain",
    ),
    path("pain/", views.report_pain, name="pain"),
    path("next-day/", views.rate_next_day, name="next-day"),
    path("symptoms/", views.report_symptoms, name="symptoms"),
    path("password/", views.set_password, name="password"),
    path("manifest.webmanifest", offline.serve_manifest, name="manifest"),
    path("sw.js", offline.serve_service_worker, name="service-worker"),
]

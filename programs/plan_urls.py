from django.urls import path

from programs import plan_views as views

app_name = "plan"

urlpatterns = [
    path("", views.show_plan, name="today"),
    path("done/<int:prescription_id>/", views.toggle_done, name="toggle-done"),
    path("pain/", views.report_pain, name="pain"),
    path("password/", views.set_password, name="password"),
    path("manifest.webmanifest", views.serve_manifest, name="manifest"),
    path("sw.js", views.serve_service_worker, name="service-worker"),
]

from __future__ import annotations

from django.urls import path

from assessments.views import sessions as views

app_name = "assessments"

urlpatterns = [
    path("new/<int:client_id>/", views.create_session, name="session-create"),
    path("<int:session_id>/", views.show_session, name="session-detail"),
    path("preview/<int:client_id>/", views.preview_findings, name="findings-preview"),
    path("validate/<int:client_id>/", views.validate_field, name="field-validate"),
    path("<int:session_id>/finalise/", views.finalise_session, name="session-finalise"),
    path("<int:session_id>/amend/", views.amend_session, name="session-amend"),
    path("<int:session_id>/compare/", views.compare_session, name="session-compare"),
]

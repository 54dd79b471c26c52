from django.urls import path

from programs import client_views as views
from programs import safety_views

app_name = "clients"

urlpatterns = [
    path("", views.list_clients, name="list"),
    path("new/", views.create_client, name="create"),
    path("<int:client_id>/", views.show_client, name="detail"),
    path("<int:client_id>/edit/", views.edit_client, name="edit"),
    path("<int:client_id>/archive/", views.archive_client, name="archive"),
    path("<int:client_id>/restore/", views.restore_client, name="restore"),
    path(
        "<int:client_id>/referrals/<int:referral_id>/clear/",
        safety_views.clear_referral,
        name="referral-clear",
    ),
    path(
        "<int:client_id>/referrals/<int:referral_id>/override/",
        safety_views.override_referral,
        name="referral-override",
    ),
    path(
        "<int:client_id>/pain-alerts/<int:alert_id>/review/",
        safety_views.review_pain_alert,
        name="pain-alert-review",
    ),
    path(
        "<int:client_id>/step-downs/<int:step_id>/undo/",
        safety_views.undo_step_down,
        name="step-down-undo",
    ),
    path(
        "<int:client_id>/referrals/<int:referral_id>/summary/",
        safety_views.show_referral_summary,
        name="referral-summary",
    ),
]

"""Every URL of the clients app: the client list and page (namespace "clients"),
the client's personal link ("links"), the client's records ("records") and the
client's side of the message thread ("plan-messages", under /plan/messages/).

config/urls.py mounts the three lists; their URL names are unchanged.
"""

from __future__ import annotations

from django.urls import path

from clients.views import clients, links, messages, preview, records, safety

app_name = "clients"

urlpatterns = [
    path("", clients.list_clients, name="list"),
    path("new/", clients.create_client, name="create"),
    path("<int:client_id>/", clients.show_client, name="detail"),
    path("<int:client_id>/edit/", clients.edit_client, name="edit"),
    path("<int:client_id>/archive/", clients.archive_client, name="archive"),
    path("<int:client_id>/messages/", messages.coach_thread, name="messages"),
    path("<int:client_id>/preview/", preview.preview_plan, name="preview"),
    path("<int:client_id>/restore/", clients.restore_client, name="restore"),
    path(
        "<int:client_id>/referrals/<int:referral_id>/clear/",
        safety.clear_referral,
        name="referral-clear",
    ),
    path(
        "<int:client_id>/referrals/<int:referral_id>/override/",
        safety.override_referral,
        name="referral-override",
    ),
    path(
        "<int:client_id>/pain-alerts/<int:alert_id>/review/",
        safety.review_pain_alert,
        name="pain-alert-review",
    ),
    path(
        "<int:client_id>/step-downs/<int:step_id>/undo/",
        safety.undo_step_down,
        name="step-down-undo",
    ),
    path(
        "<int:client_id>/referrals/<int:referral_id>/summary/",
        safety.show_referral_summary,
        name="referral-summary",
    ),
]

# Mounted under clients/ as the "records" namespace.
records_patterns = [
    path("<int:client_id>/export.json", records.export_client, name="export"),
    path("<int:client_id>/erase/", records.erase_client, name="erase"),
    path("<int:client_id>/audit/", records.show_audit, name="audit"),
]

# Mounted at plan/messages/ as the "plan-messages" namespace: the client's side of the thread.
plan_message_patterns = [
    path("", messages.client_thread, name="thread"),
]

# Mounted at the root as the "links" namespace (the client's link lives at /c/<token>/).
link_patterns = [
    path("clients/<int:client_id>/link/", links.show_link_panel, name="panel"),
    path("clients/<int:client_id>/link/revoke/", links.revoke_link, name="revoke"),
    path("clients/<int:client_id>/link/show/", links.show_link_again, name="show"),
    path("clients/<int:client_id>/link/email/", links.email_link, name="email"),
    path("c/<str:token>/", links.open_link, name="open"),
]

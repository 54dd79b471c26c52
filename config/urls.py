from __future__ import annotations

import os

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from assessments.views.rules import show_rules
from clients import urls as client_urls
from clients.throttle import (
    ThrottledAdminAuthenticationForm,
    ThrottledLoginView,
    ThrottledPasswordChangeView,
)
from clients.views.home import home
from clients.views.password_reset import (
    CoachPasswordResetConfirmView,
    CoachPasswordResetView,
)
from config import views

# The admin's sign-in counts failures with the same rule as the site's.
admin.site.login_form = ThrottledAdminAuthenticationForm

handler500 = "config.views.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        ThrottledLoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        ThrottledPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        CoachPasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        CoachPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("clients/", include("clients.urls")),
    path("clients/", include((client_urls.records_patterns, "records"))),
    path("", include((client_urls.link_patterns, "links"))),
    path("sessions/", include("assessments.urls")),
    path("programs/", include("programs.urls")),
    # Before plan/: the squat video upload has its own body limit (SQUAT_VIDEO_UPLOAD_PATH).
    path("plan/squat-video/", include("assessments.video.client_urls")),
    path(
        "plan/messages/",
        include((client_urls.plan_message_patterns, "plan-messages")),
    ),
    path("plan/", include("programs.plan.urls")),
    path("videos/", include("assessments.video.urls")),
    path("drills/", include("programs.library.urls")),
    path("rules/", show_rules, name="rules"),
]

if settings.DEBUG:
    # Uploaded drill media in development; production serves them from the storage backend.
    # Clients' squat videos under MEDIA_ROOT/private/ are never served from here.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.serve_public_media),
    ]

if os.environ.get("WEAKLINK_BENCH") == "1":
    from programs.devdata.views import baseline, signed_in_floor

    urlpatterns += [
        path("bench/baseline", baseline, name="bench-baseline"),
        path("bench/signed-in", signed_in_floor, name="bench-signed-in"),
    ]

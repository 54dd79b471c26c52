"""The plan as an installable app: its manifest and the service worker that keeps it offline."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from config.http import PublicHttpRequest

THEME_COLOUR = "#0b5d66"
# What the service worker stores on install; the page's own assets are added on each visit.
OFFLINE_ASSETS = (
    "css/app.css",
    "css/plan.css",
    "js/timer.js",
    "js/sw-register.js",
    "js/plan-offline.js",
    "img/icon.svg",
    "django_htmx/htmx-2.min.js",
)
SERVICE_WORKER_REVISION = "2"


@require_GET
@login_not_required
def serve_manifest(request: PublicHttpRequest) -> HttpResponse:
    """The web app manifest: browsers fetch it without cookies, so it holds nothing personal."""
    plan_url = reverse("plan:today")
    manifest = {
        "id": plan_url,
        "name": "Weaklink: my plan",
        "short_name": "My plan",
        "description": "Today's drills from your coach, with the reason for each one.",
        "start_url": plan_url,
        "scope": plan_url,
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": static("img/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            }
        ],
    }
    response = HttpResponse(
        json.dumps(manifest), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@login_not_required
def serve_service_worker(request: PublicHttpRequest) -> HttpResponse:
    """The service worker, scoped to /plan/: network first for the page, cache for static files."""
    assets = [static(path) for path in OFFLINE_ASSETS]
    # New hashed static names (a deploy) change the worker's bytes, so phones pick up the new one.
    version = hashlib.sha256(
        json.dumps([SERVICE_WORKER_REVISION, *assets]).encode()
    ).hexdigest()[:12]
    context = {
        "cache_name": f"weaklink-plan-{version}",
        "page_url": reverse("plan:today"),
        # STATIC_URL itself: static("") asks the manifest storage for a file named ""
        # and answers 500 with DEBUG=0.
        "static_prefix": settings.STATIC_URL,
        "assets_json": json.dumps(assets),
    }
    response = render(
        request, "programs/plan_sw.js", context, content_type="application/javascript"
    )
    # Browsers re-check the worker at most daily anyway; never let an HTTP cache pin an old one.
    response["Cache-Control"] = "no-cache"
    return response

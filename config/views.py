"""Site-wide views: the health check, the error page and development media."""

from __future__ import annotations

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.http import AuthenticatedHttpRequest, PublicHttpRequest

# A restart or failover of PostgreSQL takes seconds: say so and ask for a retry
# instead of a bare 500. The failed request's writes were rolled back.
DATABASE_RETRY_AFTER_SECONDS = 5


def server_error(request: PublicHttpRequest) -> HttpResponse:
    """handler500: 503 with Retry-After when the database is unreachable, else the 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))


@require_GET
@login_not_required
@never_cache
def healthz(request: PublicHttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def serve_public_media(
    request: AuthenticatedHttpRequest, path: str
) -> HttpResponseBase:
    """Uploaded media in development (DEBUG only), never the private squat videos.

    Production serves /media/ from nginx, which refuses /media/private/ too.
    """
    from django.conf import settings
    from django.http import Http404
    from django.views.static import serve

    if path.startswith("private/") or "/private/" in path:
        raise Http404("Private media are served by their own views.")
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))

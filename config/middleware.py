"""Site-wide response and request rules that no single view should have to remember."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control

from clients.time_zones import zone_names

Handler = Callable[[HttpRequest], HttpResponse]


def private_pages(get_response: Handler) -> Handler:
    """Anything answered to a signed-in person may hold health data: never in a shared cache.

    `private` keeps it out of proxies and CDNs; `no-cache` makes the browser
    revalidate (the ETag still saves the body), so the back button after a
    sign-out does not show a client's page from the cache. A view that already
    says `no-store` keeps it.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        already_no_store = "no-store" in response.get("Cache-Control", "")
        if user is not None and user.is_authenticated and not already_no_store:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return middleware


def _body_limit(path: str) -> int:
    if path == settings.SQUAT_VIDEO_UPLOAD_PATH:
        return settings.SQUAT_VIDEO_BODY_MAX_BYTES
    if any(path.startswith(prefix) for prefix in settings.UPLOAD_PATH_PREFIXES):
        return settings.UPLOAD_MAX_BYTES
    return settings.REQUEST_BODY_MAX_BYTES


def request_size_limit(get_response: Handler) -> Handler:
    """413 before anything reads a body bigger than its page could need.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams any file
    part to disk whatever its size, and the CSRF check reads the body of every
    POST: without this an anonymous 100 MB POST to the login page is read and
    spooled. nginx refuses the same sizes in front (deploy/nginx.conf).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > _body_limit(request.path):
            return HttpResponse(
                render_to_string("413.html"), status=413, content_type="text/html"
            )
        return get_response(request)

    return middleware


def user_time_zone(get_response: Handler) -> Handler:
    """Dates on every page in the signed-in person's own zone (clients.time_zones).

    ``timezone.localdate()``, "the date cannot be in the future" and the template
    date filters all follow the active zone: a Sydney coach at 08:30 gets their
    today, not London's yesterday. A client's user holds the client's zone.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        name = getattr(getattr(request, "user", None), "time_zone", "")
        if name and name in zone_names():
            timezone.activate(name)
        else:
            timezone.deactivate()
        try:
            return get_response(request)
        finally:
            # Threads serve the next request: never leave a zone behind.
            timezone.deactivate()

    return middleware

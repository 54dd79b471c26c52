"""The typed requests that views receive (one definition for every app).

`LoginRequiredMiddleware` turns away anyone not signed in before a view runs,
so a view's `request.user` is a `clients.models.User`, never `AnonymousUser`;
`HtmxMiddleware` gives every request `request.htmx`. Django's `HttpRequest`
knows neither, so views annotate their request with one of these classes
(the pattern of django-htmx's docs). A view marked `@login_not_required`
takes `PublicHttpRequest`, whose user may be anonymous.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    from clients.models import User


class PublicHttpRequest(HttpRequest):
    """A request to a page open without signing in (`@login_not_required`)."""

    user: User | AnonymousUser
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in person: a coach, a client or a library editor."""

    user: User


class HtmxHttpRequest(AuthenticatedHttpRequest):
    """A signed-in request whose view answers htmx (`request.htmx`) differently."""

    htmx: HtmxDetails

"""Who may reach which URL: one declaration per view, checked against every URL pattern.

Every URL pattern the project serves is found by walking the resolver, and
each must match a declaration: a view of our own by its URL name, in
tests/security/matrix_urls/<app>.py (site.py for the site and accounts), the
admin as one family with a rule per role (matrix_admin.py). A new view without
a declaration fails test_authorization_matrix with its name. What a role gets
and the role patterns are in matrix_expect.py.

Objects in URLs are always tenant A's; the B roles attack them. The superuser
is an account made by `createsuperuser`: its role defaults to coach, so it is
a coach with no clients of its own (404 on A's objects, like coach B) and,
being a superuser, a library editor too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix_admin import (
    ADMIN_POST_DATA,
    ADMIN_POSTS,
    ADMIN_PREFIX,
    ADMIN_SPECIAL,
    admin_expect,
    admin_kwargs,
)
from tests.security.matrix_expect import (
    ADMIN_LOGIN_URL,
    CLIENT_FORM,
    DRILL_FORM,
    LOGIN_URL,
    MISSING,
    SESSION_FORM,
    Expect,
    View,
    signed_in,
)
from tests.security.matrix_urls import assessments, clients, programs, site
from tests.security.tenants import ROLES, Tenants

__all__ = [
    "ADMIN_LOGIN_URL",
    "CLIENT_FORM",
    "DRILL_FORM",
    "LOGIN_URL",
    "SESSION_FORM",
    "VIEWS",
    "Case",
    "cases",
    "every_route",
    "stale_declarations",
]

# Every view of our own by its URL name, declared in tests/security/matrix_urls/ per app.
VIEWS: dict[str, View] = {
    **site.VIEWS,
    **clients.VIEWS,
    **assessments.VIEWS,
    **programs.VIEWS,
}

# Unnamed patterns outside the admin, declared by their route.
ROUTES: dict[str, View] = {
    # Uploaded media in DEBUG only (config/urls.py); production serves them elsewhere.
    "^media/(?P<path>.*)$": View(
        kwargs=lambda tenants: {"path": "no-such-file.png"},
        expect={"GET": signed_in(MISSING)},
    ),
}
# Declared patterns that exist only in some set-ups (DEBUG, the benchmark).
OPTIONAL = {"^media/(?P<path>.*)$", "bench-baseline", "bench-signed-in"}


# --- every URL pattern ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Route:
    key: str  # the URL name with its namespace, else the route
    name: str | None
    route: str  # the whole route from the site root


def walk(
    patterns: list, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (
                f"{namespace}:{pattern.name}" if namespace else pattern.name
            )
            yield prefix + str(pattern.pattern), name


def every_route() -> list[Route]:
    return [
        Route(key=name or route, name=name, route=route)
        for route, name in walk(get_resolver().url_patterns)
    ]


def fill(route: str, kwargs: dict) -> str:
    """A path for a route without a name: each converter or named group replaced by its value."""

    def value(match: re.Match) -> str:
        return str(kwargs[match[1] or match[2]])

    path = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", value, route)
    return "/" + path.replace("^", "").replace("$", "")


# --- cases ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    route: Route
    role: str
    method: str  # GET, POST, HX-GET, HX-POST
    expect: Expect | None  # None: the route has no declaration
    view: View | None = None

    @property
    def id(self) -> str:
        return f"{self.route.key}-{self.role}-{self.method}"

    def url(self, tenants: Tenants) -> str:
        if self.route.route.startswith(ADMIN_PREFIX):
            kwargs = admin_kwargs(self.route.route, tenants)
        else:
            assert self.view is not None
            kwargs = self.view.kwargs(tenants)
        path = (
            reverse(self.route.name, kwargs=kwargs)
            if self.route.name
            else fill(self.route.route, kwargs)
        )
        if self.view is not None and self.view.query:
            path += "?" + self.view.query.format(phase_id=tenants.a.phase_id)
        return path

    def data(self, tenants: Tenants) -> dict:
        if self.view is None:
            return ADMIN_POST_DATA.get(self.route.name or "", {})
        return self.view.data(tenants)


def cases() -> list[Case]:
    found: list[Case] = []
    for route in every_route():
        if route.route.startswith(ADMIN_PREFIX):
            for role, expect in admin_expect(route.name, route.route, "GET").items():
                found.append(Case(route, role, "GET", expect))
            for role, expect in ADMIN_POSTS.get(route.name or "", {}).items():
                found.append(Case(route, role, "POST", expect))
            continue
        view = VIEWS.get(route.name) if route.name else ROUTES.get(route.route)
        if view is None:
            found.append(Case(route, "any", "any", None))
            continue
        for method, by_role in view.expect.items():
            for role in ROLES:
                found.append(Case(route, role, method, by_role[role], view))
    return found


def stale_declarations() -> list[str]:
    """Declarations whose URL no longer exists (a renamed view would escape the matrix)."""
    routes = every_route()
    names = {route.name for route in routes}
    paths = {route.route for route in routes}
    return sorted(
        [name for name in VIEWS if name not in names and name not in OPTIONAL]
        + [route for route in ROUTES if route not in paths and route not in OPTIONAL]
        + [name for name in ADMIN_SPECIAL if name not in names]
        + [name for name in ADMIN_POSTS if name not in names]
    )

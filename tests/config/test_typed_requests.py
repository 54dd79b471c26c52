"""Every view of ours annotates its request with a class from config/http.py (DESIGN.md)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from config import http

APPS = ("assessments.", "clients.", "config.", "programs.")
TYPED = {"AuthenticatedHttpRequest", "HtmxHttpRequest", "PublicHttpRequest"}


def our_views(patterns: list) -> Iterator[tuple[str, Callable]]:
    """(name, the view as routed): its decorators carry `login_required = False`."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from our_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = inspect.unwrap(pattern.callback)
            # Functions only: ModelAdmin methods keep Django's HttpRequest (its signature).
            if (
                inspect.isfunction(view)
                and view.__module__.startswith(APPS)
                and "." not in view.__qualname__
            ):
                yield f"{view.__module__}.{view.__qualname__}", pattern.callback


def request_annotation(view: Callable) -> str:
    first = next(iter(inspect.signature(inspect.unwrap(view)).parameters.values()))
    # Annotations are postponed (strings): "HtmxHttpRequest" or "config.http.X".
    return str(first.annotation).rsplit(".", 1)[-1]


def test_the_project_serves_views_of_its_own() -> None:
    names = dict(our_views(get_resolver().url_patterns))
    assert "clients.views.clients.list_clients" in names
    assert "programs.plan.views.show_plan" in names


def test_every_view_takes_a_typed_request() -> None:
    untyped = sorted(
        f"{name}: {request_annotation(view)}"
        for name, view in our_views(get_resolver().url_patterns)
        if request_annotation(view) not in TYPED
    )
    assert untyped == []


def test_pages_open_without_sign_in_say_so_in_their_type() -> None:
    """A `@login_not_required` view takes PublicHttpRequest: its user may be anonymous."""
    wrong = sorted(
        name
        for name, view in our_views(get_resolver().url_patterns)
        if getattr(view, "login_required", True) is False
        and request_annotation(view) != "PublicHttpRequest"
    )
    assert wrong == []


def test_the_typed_requests_are_django_requests() -> None:
    for name in TYPED:
        assert issubclass(getattr(http, name), http.HttpRequest)
    assert issubclass(http.HtmxHttpRequest, http.AuthenticatedHttpRequest)

"""Who may see what: role decorators and per-object lookups shared by every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import overload

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from clients.models import Client
from config.http import AuthenticatedHttpRequest

View = Callable[..., HttpResponseBase]


def coach_required(view: View) -> View:
    """Coach pages: anyone signed in who is not a coach gets 403."""

    @wraps(view)
    def wrapper(
        request: AuthenticatedHttpRequest, *args: object, **kwargs: object
    ) -> HttpResponseBase:
        if not getattr(request.user, "is_coach", False):
            raise PermissionDenied("This page is for coaches.")
        return view(request, *args, **kwargs)

    return wrapper


def client_required(view: View) -> View:
    """Client pages: only a signed-in client with a profile; others get 403."""

    @wraps(view)
    def wrapper(
        request: AuthenticatedHttpRequest, *args: object, **kwargs: object
    ) -> HttpResponseBase:
        own_profile_or_403(request)
        return view(request, *args, **kwargs)

    return wrapper


FOR_CLIENTS = "This page is for clients."


def client_role_or_403(request: AuthenticatedHttpRequest) -> None:
    """403 unless a client is signed in (no query: the role is on the user)."""
    if not getattr(request.user, "is_client", False):
        raise PermissionDenied(FOR_CLIENTS)


@overload
def own_profile_or_403(request: AuthenticatedHttpRequest) -> Client: ...
@overload
def own_profile_or_403[C: Client](
    request: AuthenticatedHttpRequest, *, queryset: QuerySet[C]
) -> C: ...
def own_profile_or_403(
    request: AuthenticatedHttpRequest, *, queryset: QuerySet[Client] | None = None
) -> Client:
    """The signed-in client's own profile (from ``queryset`` if given), or 403 for anyone else."""
    client_role_or_403(request)
    if queryset is None:
        client = getattr(request.user, "client_profile", None)
    else:
        client = queryset.filter(user=request.user).first()
    if client is None:
        raise PermissionDenied(FOR_CLIENTS)
    return client


@overload
def coach_client_or_404(
    request: AuthenticatedHttpRequest, client_id: int
) -> Client: ...
@overload
def coach_client_or_404[C: Client](
    request: AuthenticatedHttpRequest, client_id: int, *, queryset: QuerySet[C]
) -> C: ...
def coach_client_or_404(
    request: AuthenticatedHttpRequest,
    client_id: int,
    *,
    queryset: QuerySet[Client] | None = None,
) -> Client:
    """The coach's own client, or 404 (another coach's client does not exist for them)."""
    return get_object_or_404(
        Client.objects.all() if queryset is None else queryset,
        pk=client_id,
        coach=request.user,
    )

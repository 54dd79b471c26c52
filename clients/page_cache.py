"""Rendered pages kept per process, keyed by what they show, so a repeat view costs no rendering.

Every client carries a random ``data_version`` that changes whenever anything shown about
that client changes (its profile, sessions, programs, drills done, pain, links): the
``touch_clients`` call sits after each write, through model signals or next to bulk and
``update()`` writes. A page's cache key holds the versions of everything it shows, so a
change never needs to find and delete old pages: the next view simply misses and renders.

A version is written after (or in the same transaction as) the data it stands for, so a
reader that sees a new version also sees the new data; the worst a race can do is store
fresh data under an old key nobody asks for again.

Per-request parts of a page are never cached: the CSRF token is rendered as a placeholder
and filled in on every response, and a page with flash messages waiting is rendered fresh.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

if TYPE_CHECKING:
    from clients.models import Client, User
    from config.http import AuthenticatedHttpRequest

CACHE_ALIAS = "pages"
# Letters only: it survives HTML and JSON escaping unchanged.
CSRF_PLACEHOLDER = "wkCsrfTokenPlaceholderQ7zR4m"
# A version fits in 31 bits so a coach's sum over hundreds of clients fits any integer column.
VERSION_BITS = 31
ROSTER_SQL = 'SELECT COUNT(*), SUM("data_version"), MAX("id") FROM "clients_client" WHERE "coach_id" = %s'


def new_version() -> int:
    return secrets.randbits(VERSION_BITS)


def touch_clients(clients: QuerySet[Client] | Iterable[int | None]) -> None:
    """Give these clients a new data version: every cached page showing them is now stale."""
    from clients.models import Client

    if isinstance(clients, QuerySet):
        target = Client.objects.filter(pk__in=clients.values_list("pk", flat=True))
    else:
        ids = {pk for pk in clients if pk is not None}
        if not ids:
            return
        target = Client.objects.filter(pk__in=ids)
    target.update(data_version=new_version())


def roster_stamp(coach: User) -> tuple[int, int, int]:
    """One value for all of a coach's clients: changes when any of them changes, or is added or removed."""
    # Plain SQL: it runs on every cached view of the dashboard and the client list.
    with connection.cursor() as cursor:
        cursor.execute(ROSTER_SQL, [coach.pk])
        count, total, last = cursor.fetchone()
    return count, int(total or 0), last or 0


def _key(request: AuthenticatedHttpRequest, template: str, stamp: object) -> str:
    user = request.user
    parts = (
        template,
        request.get_full_path(),
        request.get_host(),
        request.scheme,
        bool(getattr(request, "htmx", False)),
        user.pk,
        user.get_username(),
        user.get_full_name(),
        getattr(user, "use_private_drills", None),
        timezone.localdate().isoformat(),
        stamp,
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def render_cached(
    request: AuthenticatedHttpRequest,
    template: str,
    *,
    stamp: object,
    context: Callable[[], Mapping[str, object]],
) -> HttpResponse:
    """Render ``template`` with ``context()``, or reuse the page rendered for the same stamp.

    ``stamp`` must hold the version of everything the page shows beyond the signed-in
    user, the URL and today's date (those are part of the key already).
    """
    if request.method != "GET" or len(get_messages(request)):
        return HttpResponse(render_to_string(template, context(), request))
    cache = caches[CACHE_ALIAS]
    key = _key(request, template, stamp)
    page = cache.get(key)
    if page is None:
        page = render_to_string(
            template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request
        )
        cache.set(key, page)
    if CSRF_PLACEHOLDER in page:
        page = page.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(page)


def touch_on_change[M: Model](
    model: type[M], client_of: Callable[[M], QuerySet[Client] | Iterable[int]]
) -> None:
    """After each save or delete of ``model``, touch the client(s) ``client_of(instance)`` names.

    Bulk writes and ``update()`` send no signals: code doing them calls ``touch_clients``.
    """
    from django.db.models.signals import post_delete, post_save

    def receiver(sender: type[M], instance: M, **kwargs: object) -> None:
        if kwargs.get("raw"):
            return  # fixtures being loaded
        touch_clients(client_of(instance))

    uid = f"page-cache-{model._meta.label}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)

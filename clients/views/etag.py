"""ETags for the client page and the plan page: a revisit of an unchanged page is a 304.

Django's ``condition`` decorator answers ``304 Not Modified`` (no body) when the
browser's ``If-None-Match`` matches the ETag computed here, before the view runs.
The ETag is a hash of everything the page's body depends on:

- a stamp read in one query: the client's own row (its ``updated_at``) and, for
  each kind of row the page shows, how many there are and their latest
  ``updated_at`` (a new, changed or deleted row moves one of the two), the
  library's drills, and for the client page the personal link working right now
  (so a link that expires is seen the moment it does);
- the signed-in user's own fields the page shows (name, role, flags, time zone and
  distance unit), so another user never matches someone else's ETag and a changed
  preference is seen at once;
- the client's own date (``today_for``: their zone is on their row, so a new zone
  moves ``updated_at``; their day can turn before the viewer's);
- today's date and the time zone, the page's URL, the CSRF secret (the body the
  browser keeps holds a token made from it) and a digest of the code (a deploy
  changes templates and wording without changing data).

Every write to those rows moves ``updated_at``: ``auto_now`` on ``save()``, and an
explicit ``updated_at`` beside each ``update()``, ``save(update_fields=...)`` and raw
statement. A page with a message waiting gets no ETag (the message shows once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.db.models import (
    DateTimeField,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.views.decorators.http import condition

from assessments.models import AssessmentSession, Referral
from assessments.video.models import SquatVideo
from clients.models import Client, ClientLink, Message
from clients.time_zones import today_for
from config.http import AuthenticatedHttpRequest
from programs.models import (
    Completion,
    Drill,
    PainAlert,
    PainReport,
    Phase,
    Prescription,
    Program,
    StepDown,
)

CODE_FOLDERS = ("clients", "assessments", "programs", "config", "templates", "static")
CODE_SUFFIXES = {".py", ".html", ".js", ".css", ".svg", ".json", ".webmanifest"}


@cache
def code_digest() -> str:
    """One value for the deployed templates, wording and static files (read once per process)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in CODE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _changes(rows: QuerySet, name: str) -> dict[str, Subquery]:
    """How many rows and their latest ``updated_at``, as two scalar subqueries."""
    rows = rows.order_by()
    return {
        f"{name}_n": Subquery(
            rows.annotate(v=Func(F("pk"), function="COUNT")).values("v"),
            output_field=IntegerField(),
        ),
        f"{name}_at": Subquery(
            rows.annotate(v=Func(F("updated_at"), function="MAX")).values("v"),
            output_field=DateTimeField(),
        ),
    }


def _messages(mine: OuterRef) -> dict[str, Subquery]:
    """Messages are never edited: a new one moves the count and the latest time, and
    reading them moves the unread count (both pages show it)."""
    rows = Message.objects.filter(client=mine).order_by()
    unread = rows.filter(read_at__isnull=True)
    return {
        "messages_n": Subquery(
            rows.annotate(v=Func(F("pk"), function="COUNT")).values("v"),
            output_field=IntegerField(),
        ),
        "messages_at": Subquery(
            rows.annotate(v=Func(F("created_at"), function="MAX")).values("v"),
            output_field=DateTimeField(),
        ),
        "messages_unread": Subquery(
            unread.annotate(v=Func(F("pk"), function="COUNT")).values("v"),
            output_field=IntegerField(),
        ),
    }


def _client_rows() -> dict[str, Subquery]:
    """What the plan page and the client page show about a client, beyond its own row."""
    mine = OuterRef("pk")
    return {
        **_messages(mine),
        **_changes(AssessmentSession.objects.filter(client=mine), "sessions"),
        **_changes(Referral.objects.filter(client=mine), "referrals"),
        **_changes(Program.objects.filter(client=mine), "programs"),
        **_changes(Phase.objects.filter(program__client=mine), "phases"),
        **_changes(
            Prescription.objects.filter(phase__program__client=mine), "prescriptions"
        ),
        **_changes(Completion.objects.filter(client=mine), "completions"),
        **_changes(PainReport.objects.filter(client=mine), "pain_reports"),
        **_changes(PainAlert.objects.filter(client=mine), "pain_alerts"),
        **_changes(StepDown.objects.filter(client=mine), "step_downs"),
        **_changes(Drill.objects.all(), "drills"),
    }


def _stamp(
    request: AuthenticatedHttpRequest, clients: QuerySet[Client], extra: dict[str, Any]
) -> tuple | None:
    """The stamp, read with the client itself; the view reuses it (``page_client``)."""
    annotations = {**_client_rows(), **extra}
    client = clients.select_related("coach").annotate(**annotations).first()
    if client is None:
        return None
    request.page_client = client  # type: ignore[attr-defined]  # read back by page_client()
    coach = client.coach
    return (
        client.pk,
        client.updated_at,
        (coach.username, coach.first_name, coach.last_name),
        # The client's own day (their zone is on their row): it can turn before the viewer's.
        today_for(client).isoformat(),
        *(getattr(client, name) for name in annotations),
    )


def page_client(request: HttpRequest) -> Client | None:
    """The client the stamp was read with, if the stamp was read for this request."""
    return getattr(request, "page_client", None)


def plan_stamp(request: AuthenticatedHttpRequest) -> tuple | None:
    """The signed-in client's own profile and what their plan shows (None: not a client)."""
    if not request.user.is_client:
        return None
    return _stamp(request, Client.objects.filter(user=request.user), {})


def client_page_stamp(
    request: AuthenticatedHttpRequest, client_id: int
) -> tuple | None:
    """The coach's own client and what the client page shows (None: not theirs, a 404)."""
    if not request.user.is_coach:
        return None
    working = ClientLink.objects.filter(
        client=OuterRef("pk"), revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-id")
    extra = {
        **_changes(ClientLink.objects.filter(client=OuterRef("pk")), "links"),
        "working_link": Subquery(working.values("pk")[:1]),
        **_changes(SquatVideo.objects.filter(client=OuterRef("pk")), "videos"),
    }
    return _stamp(
        request, Client.objects.filter(pk=client_id, coach=request.user), extra
    )


def _viewer(request: AuthenticatedHttpRequest) -> tuple:
    user = request.user
    return (
        user.pk,
        user.get_username(),
        user.first_name,
        user.last_name,
        user.email,
        user.role,
        user.is_staff,
        user.is_superuser,
        user.use_private_drills,
        # The user's own display preferences: dates in their zone, distances in their unit.
        user.time_zone,
        user.distance_unit,
    )


def page_etag(request: AuthenticatedHttpRequest, stamp: tuple) -> str:
    # The body's forms carry a token made from this secret; a browser without one gets
    # it now, in this response's cookie, so its next visit can match.
    get_token(request)
    parts = (
        code_digest(),
        _viewer(request),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        request.get_full_path(),
        request.META.get("CSRF_COOKIE", ""),
        stamp,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def conditional_page(
    stamp: Callable[..., tuple | None],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Answer 304 to a revisit whose ETag still matches; ``stamp`` None means no ETag."""

    def etag(
        request: AuthenticatedHttpRequest, *args: object, **kwargs: object
    ) -> str | None:
        if len(get_messages(request)):
            return None  # the message must be shown, once
        found = stamp(request, *args, **kwargs)
        return None if found is None else page_etag(request, found)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        conditional = condition(etag_func=etag)(view)

        @wraps(view)
        def wrapper(
            request: HttpRequest, *args: object, **kwargs: object
        ) -> HttpResponse:
            response = conditional(request, *args, **kwargs)
            if response.status_code == 304:
                # The browser keeps its body and the policy (and nonce) that came with it.
                # Django's CSP middleware reads these private attributes (no public API).
                response._csp_config = {}  # type: ignore[attr-defined]
                response._csp_ro_config = {}  # type: ignore[attr-defined]
            return response

        return wrapper

    return decorator

"""The coach's link panel and the client's door in: opening a personal link."""

from __future__ import annotations

import logging

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.access import coach_client_or_404, coach_required
from clients.links import (
    CLIENT_SESSION_SECONDS,
    LINK_LIFETIME,
    LinkInvalid,
    link_active,
    link_email_queue,
    link_issue,
    link_revoke,
    link_shown,
    link_token,
    link_use,
    link_verify,
)
from clients.models import Client
from config.http import HtmxHttpRequest, PublicHttpRequest

logger = logging.getLogger(__name__)


def _panel(
    request: HtmxHttpRequest, context: dict, *, status: int = 200
) -> HttpResponse:
    template = (
        "clients/link_panel.html#link-panel"
        if request.htmx
        else "clients/link_panel.html"
    )
    response = render(request, template, context, status=status)
    # The issued link is a secret: keep it out of every cache.
    response["Cache-Control"] = "no-store"
    return response


def _qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(
        scale=4,
        border=2,
        dark="#000",
        light="#fff",
        svgclass="qr",
        lineclass=None,
        title="QR code of the personal link",
    )
    return mark_safe(svg)


@require_http_methods(["GET", "POST"])
@coach_required
def show_link_panel(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    """GET: the link's status. POST: issue a new link (the old one stops working) and show it once."""
    client = coach_client_or_404(request, client_id)
    context: dict = {"client": client, "lifetime_days": LINK_LIFETIME.days}
    if request.method == "POST":
        if client.is_archived:
            context["error"] = "Restore this client before giving them a link."
            context["active_link"] = link_active(client)
            return _panel(request, context, status=400)
        issued = link_issue(client=client, user=request.user)
        url = request.build_absolute_uri(reverse("links:open", args=[issued.token]))
        logger.info("Personal link %s issued for client %s", issued.link.pk, client.pk)
        # Rendered, not redirected: only the hash is stored, so this response is the one place the link exists.
        context.update(active_link=issued.link, issued_url=url, qr_svg=_qr_svg(url))
        return _panel(request, context)
    context["active_link"] = link_active(client)
    return _panel(request, context)


def _refused(request: HtmxHttpRequest, context: dict, error: str) -> HttpResponse:
    # htmx does not swap 4xx answers: the panel comes back with 200 and the message.
    context["error"] = error
    return _panel(request, context, status=200 if request.htmx else 400)


NOT_SHOWABLE = (
    "This link cannot be shown again (it was issued before links could be, "
    "or the server's key has changed). Issue a new link to show one."
)


@require_POST
@coach_required
def show_link_again(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    """Show the working link and its QR code again, without revoking it (audited)."""
    client = coach_client_or_404(request, client_id)
    active = link_active(client)
    context: dict = {
        "client": client,
        "lifetime_days": LINK_LIFETIME.days,
        "active_link": active,
    }
    token = link_token(active) if active is not None else None
    if active is None or token is None:
        return _refused(
            request, context, NOT_SHOWABLE if active else "There is no working link."
        )
    link_shown(link=active, user=request.user)
    url = request.build_absolute_uri(reverse("links:open", args=[token]))
    context.update(shown_url=url, qr_svg=_qr_svg(url))
    return _panel(request, context)


def _site(request: HttpRequest) -> str:
    """The scheme and host a link in an email points at (the one the coach uses)."""
    return request.build_absolute_uri("/").rstrip("/")


@require_POST
@coach_required
def email_link(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    """Send the working link to the client's email address, through the task worker."""
    client: Client = coach_client_or_404(request, client_id)
    active = link_active(client)
    context: dict = {
        "client": client,
        "lifetime_days": LINK_LIFETIME.days,
        "active_link": active,
    }
    if client.is_archived:
        return _refused(request, context, "Restore this client before sending a link.")
    if not client.email:
        return _refused(
            request,
            context,
            f"Add an email address to {client.name}'s profile first (Edit profile).",
        )
    if active is None:
        return _refused(request, context, "Issue a link first, then send it.")
    if link_token(active) is None:
        return _refused(request, context, NOT_SHOWABLE)
    link_email_queue(link=active, user=request.user, site=_site(request))
    logger.info("Personal link %s queued by email for client %s", active.pk, client.pk)
    if request.htmx:
        context["sent_to"] = client.email
        return _panel(request, context)
    messages.success(request, f"The link is on its way to {client.email}.")
    return redirect("links:panel", client_id=client.pk)


@require_POST
@coach_required
def revoke_link(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    client = coach_client_or_404(request, client_id)
    revoked = link_revoke(client=client)
    logger.info("Personal links revoked for client %s (%s)", client.pk, revoked)
    if request.htmx:
        return _panel(
            request,
            {
                "client": client,
                "active_link": None,
                "lifetime_days": LINK_LIFETIME.days,
                "revoked": True,
            },
        )
    messages.success(request, f"{client.name}'s link no longer works.")
    return redirect("links:panel", client_id=client.pk)


def _link_gone(request: HttpRequest, *, status: int) -> HttpResponse:
    response = render(request, "clients/link_invalid.html", {}, status=status)
    response["Cache-Control"] = "no-store"
    # Django's request logger writes the path of every 4xx response, and the
    # path holds the token: this response has been accounted for below.
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django's private flag, not in the stubs
    return response


@require_GET
@login_not_required
@never_cache
def open_link(request: PublicHttpRequest, token: str) -> HttpResponse:
    """Sign the client in on this phone for a long session, then show their plan."""
    try:
        link = link_verify(token)
    except LinkInvalid as error:
        logger.info("Personal link refused: %s", error.reason)
        return _link_gone(request, status=410 if error.gone else 404)
    user = link_use(link=link)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.set_expiry(CLIENT_SESSION_SECONDS)
    logger.info("Personal link %s opened for client %s", link.pk, link.client_id)
    return redirect("plan:today")

"""The coach's clients: list with search, create, edit, archive, restore and the client page.

They live in programs, not clients, because the client page shows sessions and
programs, and imports only go clients <- assessments <- programs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from assessments.core.types import CONTRAINDICATIONS
from clients.access import coach_client_or_404, coach_required
from clients.forms import ClientForm, ClientSearchForm
from clients.models import Client
from clients.page_cache import render_cached, roster_stamp
from clients.services import (
    client_archive,
    client_create,
    client_restore,
    client_update,
)
from clients.views.client_page import client_page
from clients.views.home_page import client_badges, with_status
from config.http import HtmxHttpRequest
from programs.models import library_stamp

if TYPE_CHECKING:
    from programs.models import StampedClient

PER_PAGE = 25
CODE_CHOICES = tuple(CONTRAINDICATIONS.items())

# Invalid forms come back with status 400, the input kept and messages on the fields.
INVALID = 400


def _wants_partial(request: HtmxHttpRequest) -> bool:
    # A history restore (back button after hx-push-url) needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_GET
@coach_required
@vary_on_headers("HX-Request")
def list_clients(request: HtmxHttpRequest) -> HttpResponse:
    def context() -> dict[str, object]:
        search = ClientSearchForm(request.GET)
        query = search.query()
        archived = search.show_archived()
        clients = Client.objects.for_coach(request.user).filter(
            archived_at__isnull=not archived
        )
        if query:
            clients = clients.filter(
                Q(name__icontains=query) | Q(activity__icontains=query)
            )
        page = Paginator(with_status(clients), PER_PAGE).get_page(
            request.GET.get("page")
        )
        today = timezone.localdate()
        rows = [
            (client, client_badges(client, today=today)) for client in page.object_list
        ]
        return {
            "search": search,
            "page": page,
            "rows": rows,
            "query": query,
            "archived": archived,
        }

    template = "clients/client_list.html"
    if _wants_partial(request):
        template += "#client-results"
    return render_cached(
        request, template, stamp=roster_stamp(request.user), context=context
    )


@require_http_methods(["GET", "POST"])
@coach_required
def create_client(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ClientForm(request.POST, code_choices=CODE_CHOICES)
        if form.is_valid():
            client = client_create(coach=request.user, client=form.save(commit=False))
            messages.success(request, f"{client.name} added.")
            return _to(request, reverse("clients:detail", args=[client.pk]))
        return render(
            request,
            "clients/client_form.html",
            {"form": form, "client": None},
            status=INVALID,
        )
    return render(
        request,
        "clients/client_form.html",
        {"form": ClientForm(code_choices=CODE_CHOICES), "client": None},
    )


@require_GET
@coach_required
def show_client(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    client: StampedClient = coach_client_or_404(
        request, client_id, queryset=Client.objects.annotate(library=library_stamp())
    )

    def context() -> dict[str, object]:
        today = timezone.localdate()
        overview = client_page(client=client, today=today)
        return {"client": client, "overview": overview, "age": client.age_on(today)}

    return render_cached(
        request,
        "clients/client_detail.html",
        stamp=(client.data_version, client.library),
        context=context,
    )


@require_http_methods(["GET", "POST"])
@coach_required
def edit_client(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    client = coach_client_or_404(request, client_id)
    if request.method == "POST":
        form = ClientForm(request.POST, instance=client, code_choices=CODE_CHOICES)
        if form.is_valid():
            client = client_update(client=form.save(commit=False))
            messages.success(request, "Profile saved.")
            return _to(request, reverse("clients:detail", args=[client.pk]))
        return render(
            request,
            "clients/client_form.html",
            {"form": form, "client": client},
            status=INVALID,
        )
    return render(
        request,
        "clients/client_form.html",
        {
            "form": ClientForm(instance=client, code_choices=CODE_CHOICES),
            "client": client,
        },
    )


@require_POST
@coach_required
def archive_client(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    client = client_archive(client=coach_client_or_404(request, client_id))
    messages.success(
        request,
        f"{client.name} archived. Their sessions and programs are kept; restore them any time.",
    )
    return _to(request, reverse("clients:detail", args=[client.pk]))


@require_POST
@coach_required
def restore_client(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    client = client_restore(client=coach_client_or_404(request, client_id))
    messages.success(request, f"{client.name} restored to your active clients.")
    return _to(request, reverse("clients:detail", args=[client.pk]))


def _to(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """After a write: a redirect, or for htmx a client-side redirect."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)

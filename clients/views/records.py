"""The coach's records pages for one client: data export, erase and the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from clients.access import coach_client_or_404, coach_required
from clients.models import Client
from clients.records import (
    audit_page,
    client_erase,
    client_export,
    erase_confirmed,
    is_erased,
)
from config.http import AuthenticatedHttpRequest


class EraseForm(forms.Form):
    confirm_name = forms.CharField(
        label="Type the client's name to confirm",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_confirm_name(self) -> str:
        typed = self.cleaned_data["confirm_name"]
        if not erase_confirmed(client=self.client, typed_name=typed):
            raise forms.ValidationError(
                "That is not this client's name: nothing was erased."
            )
        return typed


@require_GET
@coach_required
@never_cache
def export_client(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Everything held about the client as a JSON download."""
    client = coach_client_or_404(request, client_id)
    data = client_export(client=client, exported_by=request.user)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2}
    )
    # The id, not the name: file names end up in download folders and sync logs.
    filename = f"weaklink-client-{client.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@coach_required
def erase_client(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """GET: what erasing removes and keeps. POST: erase, once the client's name is typed."""
    client = coach_client_or_404(request, client_id)
    if request.method == "POST":
        form = EraseForm(request.POST, client=client)
        if form.is_valid():
            client = client_erase(client=client, erased_by=request.user)
            messages.success(
                request,
                f"Personal data erased. The anonymous record stays as {client.name}.",
            )
            return redirect("clients:detail", client_id=client.pk)
        status = 400
    else:
        form = EraseForm(client=client)
        status = 200
    context = {"client": client, "form": form, "erased": is_erased(client)}
    return render(request, "clients/records_erase.html", context, status=status)


@require_GET
@coach_required
def show_audit(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Who viewed or changed this client's assessments, newest first."""
    client = coach_client_or_404(request, client_id)
    page = audit_page(client=client, number=request.GET.get("page"))
    return render(
        request, "clients/records_audit.html", {"client": client, "page": page}
    )

"""The thread between a coach and a client: the coach's page under the client, the client's under /plan/.

Opening the thread marks the other side's messages read. A new message is a
plain form POST and a redirect; with htmx the thread region is swapped in
place. An invalid message comes back with the text kept and a field message
(status 400, or 200 for htmx, which does not swap 4xx answers).
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clients.access import coach_client_or_404, coach_required, own_profile_or_403
from clients.messages import message_send, thread_messages, thread_read
from clients.models import Client, Message
from config.http import HtmxHttpRequest

TEMPLATE = "clients/message_thread.html"


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=Message.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write a message before sending.",
            "max_length": "Keep a message under %(limit_value)d characters (this one has %(show_value)d).",
        },
    )


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _thread(
    request: HtmxHttpRequest,
    *,
    client: Client,
    reader: str,
    thread_url: str,
    back_url: str,
) -> HttpResponse:
    """GET: the thread (marking the other side's messages read). POST: send one message."""
    form = MessageForm(request.POST or None)
    status, sent = 200, False
    if request.method == "POST":
        if client.is_archived:
            form.add_error(
                None, "This client is archived: restore them to send messages."
            )
        if form.is_valid():
            message_send(
                client=client,
                sender=reader,
                body=form.cleaned_data["body"],
                site=_site(request),
            )
            if not request.htmx:
                return redirect(f"{thread_url}#message-form")
            form, sent = MessageForm(), True
        else:
            status = 200 if request.htmx else 400
    # Whoever looks at the thread has read what it shows (a reply too).
    thread_read(client=client, reader=reader)
    context = {
        "client": client,
        "reader": reader,
        "thread": thread_messages(client),
        "form": form,
        "thread_url": thread_url,
        "back_url": back_url,
        "sent": sent,
    }
    template = TEMPLATE + "#thread" if request.htmx else TEMPLATE
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@coach_required
@never_cache
def coach_thread(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    """The coach's side of one client's thread; another coach's client is 404."""
    client = coach_client_or_404(request, client_id)
    return _thread(
        request,
        client=client,
        reader=Message.Sender.COACH,
        thread_url=reverse("clients:messages", args=[client.pk]),
        back_url=reverse("clients:detail", args=[client.pk]),
    )


@require_http_methods(["GET", "POST"])
@never_cache
def client_thread(request: HtmxHttpRequest) -> HttpResponse:
    """The client's side: always their own thread (no id in the URL to change)."""
    client = own_profile_or_403(
        request, queryset=Client.objects.select_related("coach")
    )
    return _thread(
        request,
        client=client,
        reader=Message.Sender.CLIENT,
        thread_url=reverse("plan-messages:thread"),
        back_url=reverse("plan:today"),
    )

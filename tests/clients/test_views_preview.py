"""Preview as the client: the coach sees the phone plan read-only; every write is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clients.models import AuditEvent
from programs.models import Completion, PainReport
from tests.factory import make_client, make_coach, make_program, make_session

pytestmark = pytest.mark.django_db


def preview_url(client) -> str:
    return reverse("clients:preview", args=[client.pk])


def plan_for(name="Maya Okafor"):
    maya = make_client(name=name)
    program = make_program(session=make_session(client=maya))
    prescription = (
        program.phases.get(number=1).prescriptions.select_related("drill").first()
    )
    return maya, prescription


def test_the_coach_sees_the_clients_plan_marked_as_a_preview(
    client, django_assert_max_num_queries
) -> None:
    maya, prescription = plan_for()
    client.force_login(maya.coach)
    with django_assert_max_num_queries(16):
        response = client.get(preview_url(maya))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview:" in html and "Nothing can be changed from here." in html
    assert prescription.drill.name in html
    # Every control sits in a disabled fieldset, and no plan script is loaded.
    assert '<fieldset class="preview-frame" disabled>' in html
    assert "sw-register.js" not in html
    assert (
        AuditEvent.objects.filter(
            client=maya, action=AuditEvent.Action.PREVIEWED_PLAN, actor=maya.coach
        ).count()
        == 1
    )


def test_a_preview_never_writes(client) -> None:
    maya, prescription = plan_for()
    client.force_login(maya.coach)
    client.get(preview_url(maya))
    # What the preview's buttons would post: refused on the server too.
    writes = [
        (reverse("plan:toggle-done", args=[prescription.pk]), {}),
        (reverse("plan:drill-pain", args=[prescription.pk]), {"pain": "2"}),
        (reverse("plan:pain"), {"pain": "3"}),
        (reverse("plan:symptoms"), {"symptoms": ["swelling"]}),
        (reverse("plan-messages:thread"), {"body": "as the client"}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert client.post(preview_url(maya)).status_code == 405
    assert not Completion.objects.exists()
    assert not PainReport.objects.exists()
    assert not maya.messages.exists()


def test_another_coach_cannot_preview(client) -> None:
    maya, _ = plan_for()
    client.force_login(make_coach())
    assert client.get(preview_url(maya)).status_code == 404
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.PREVIEWED_PLAN
    ).exists()


def test_a_client_without_a_program_previews_the_waiting_page(client) -> None:
    maya = make_client()
    client.force_login(maya.coach)
    html = client.get(preview_url(maya)).content.decode()
    assert "Your coach has not published your plan yet" in html


def test_the_client_page_offers_the_preview(client) -> None:
    maya = make_client()
    client.force_login(maya.coach)
    page = client.get(reverse("clients:detail", args=[maya.pk])).content.decode()
    assert f'href="{preview_url(maya)}"' in page


def test_a_referred_clients_preview_shows_the_paused_plan(client) -> None:
    maya = make_client(name="Maya Okafor")
    make_session(client=maya, red_flags=["swelling"])
    client.force_login(maya.coach)
    response = client.get(preview_url(maya))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your plan is paused" in html and "Preview:" in html

"""The admin shows a final session but never changes or deletes it."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from assessments.models import AssessmentSession
from clients.models import User
from tests.factory import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_signed_in(client: HttpClient) -> HttpClient:
    client.force_login(
        User.objects.create_superuser("root", "root@example.com", "a-root-password")
    )
    return client


def test_a_final_session_is_read_only_in_the_admin(
    admin_client_signed_in: HttpClient,
) -> None:
    session = make_session(final=True, notes="as measured")
    url = reverse("admin:assessments_assessmentsession_change", args=[session.pk])
    page = admin_client_signed_in.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = admin_client_signed_in.post(
        url, {"notes": "rewritten", "status": "draft", "ktw_left_cm": "20"}
    )
    assert response.status_code == 403
    session.refresh_from_db()
    assert (session.notes, session.status, session.ktw_left_cm) == (
        "as measured",
        AssessmentSession.Status.FINAL,
        7.0,
    )


def test_a_final_session_cannot_be_deleted_in_the_admin(
    admin_client_signed_in: HttpClient,
) -> None:
    session = make_session(final=True)
    url = reverse("admin:assessments_assessmentsession_delete", args=[session.pk])
    assert admin_client_signed_in.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:assessments_assessmentsession_changelist")
    admin_client_signed_in.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [session.pk], "post": "yes"},
    )
    assert AssessmentSession.objects.filter(pk=session.pk).exists()


def test_a_draft_can_still_be_edited_in_the_admin(
    admin_client_signed_in: HttpClient,
) -> None:
    session = make_session(final=False)
    url = reverse("admin:assessments_assessmentsession_change", args=[session.pk])
    assert 'name="_save"' in admin_client_signed_in.get(url).content.decode()

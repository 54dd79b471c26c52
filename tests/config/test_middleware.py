"""Site-wide rules: no shared caching of signed-in pages, bounded request bodies."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from tests.factory import make_client, make_client_user, make_coach, make_session

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_a_coachs_client_page_is_private_and_revalidated(client: HttpClient) -> None:
    coach = make_coach()
    session = make_session(client=make_client(coach=coach))
    client.force_login(coach)
    response = client.get(f"/sessions/{session.pk}/")
    assert response.status_code == 200
    assert {"private", "no-cache"} <= cache_control(response)


def test_the_clients_plan_is_private_and_revalidated(client: HttpClient) -> None:
    client.force_login(make_client_user(client=make_client()))
    response = client.get("/plan/")
    assert response.status_code == 200
    assert {"private", "no-cache"} <= cache_control(response)


def test_a_page_that_says_no_store_keeps_it(client: HttpClient) -> None:
    coach = make_coach()
    client.force_login(coach)
    response = client.get(f"/clients/{make_client(coach=coach).pk}/link/")
    assert cache_control(response) == {"no-store"}


def test_signed_out_pages_are_left_alone(client: HttpClient) -> None:
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 200
    assert "private" not in cache_control(response)


def test_an_anonymous_huge_post_to_the_login_page_is_refused_unread(
    client: HttpClient,
) -> None:
    body = b"x" * (2 * 1024 * 1024)
    response = client.post(
        "/accounts/login/", data=body, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_drill_uploads_get_room_for_a_video(client: HttpClient) -> None:
    client.force_login(make_coach())
    body = b"x" * (5 * 1024 * 1024)
    response = client.post(
        "/drills/new/", data=body, content_type="application/octet-stream"
    )
    assert response.status_code != 413
    too_big = b"x" * (26 * 1024 * 1024)
    response = client.post(
        "/drills/new/", data=too_big, content_type="application/octet-stream"
    )
    assert response.status_code == 413


def test_form_fields_are_capped_in_memory(settings) -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024

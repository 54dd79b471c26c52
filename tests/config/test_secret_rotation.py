"""Rotating SECRET_KEY with SECRET_KEY_FALLBACKS keeps personal links and sessions working."""

from __future__ import annotations

import pytest
from django.test import Client as Browser
from django.urls import reverse

from clients.links import link_issue
from tests.factory import make_client

pytestmark = pytest.mark.django_db

OLD = "an-old-secret-key-that-signed-the-links-0123456789"
NEW = "a-new-secret-key-after-the-rotation-9876543210"


def test_a_link_signed_with_the_old_key_works_while_it_is_a_fallback(settings) -> None:
    settings.SECRET_KEY = OLD
    client = make_client()
    token = link_issue(client=client, user=client.coach).token
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert Browser().get(reverse("links:open", args=[token])).status_code == 302
    settings.SECRET_KEY_FALLBACKS = []
    assert Browser().get(reverse("links:open", args=[token])).status_code == 404

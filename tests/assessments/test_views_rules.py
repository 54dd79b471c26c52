from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils.html import escape

from assessments.core.findings import RULES
from assessments.core.wording import source_words
from tests.factory import make_client, make_client_user, make_coach, make_library_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make_user", [make_coach, make_library_editor])
def test_it_shows_every_rule_with_its_source_and_status(
    client: HttpClient, make_user
) -> None:
    client.force_login(make_user())
    response = client.get(reverse("rules"))
    assert response.status_code == 200
    html = response.content.decode()
    for rule in RULES:
        assert escape(source_words(rule.source)) in html
        assert rule.source not in html.replace(f'"{rule.source}"', "")
    assert "project default, not a validated norm" in html
    assert (
        "Chisholm et al. 2012" in html
        and "at least 1.5 cm left-right difference" in html
    )
    assert "&gt;=" not in html and "dorsiflexion.{side}_cm" not in html


def test_clients_may_not_see_it(client: HttpClient) -> None:
    client.force_login(make_client_user(client=make_client()))
    assert client.get(reverse("rules")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client: HttpClient) -> None:
    assert client.get(reverse("rules")).status_code == 302

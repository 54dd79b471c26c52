"""The client list: search as you type, active/archived filter, pagination."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from tests.factory import make_client, make_coach, make_program, make_session

pytestmark = pytest.mark.django_db

URL = reverse("clients:list")


def archive(client: Client) -> None:
    Client.objects.filter(pk=client.pk).update(archived_at=timezone.now())


def get(http: HttpClient, coach, **params: str):
    http.force_login(coach)
    return http.get(URL, params)


def test_it_lists_the_coachs_active_clients_with_their_last_assessment(
    client: HttpClient,
) -> None:
    coach = make_coach()
    maya = make_client(coach=coach, name="Maya Okafor", activity="Running")
    make_session(client=maya, assessed_on=date(2026, 9, 1))
    make_session(client=maya, assessed_on=date(2026, 10, 5))
    make_session(
        client=maya, assessed_on=date(2026, 10, 20), final=False
    )  # a draft is not an assessment yet
    make_client(coach=make_coach(), name="Other Coach's Client")
    response = get(client, coach)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page
    assert "Maya Okafor" in page and "Running" in page
    assert "5 Oct 2026" in page
    assert "20 Oct 2026" not in page
    assert "Draft session" in page
    assert "Other Coach" not in page


def test_it_shows_status_badges(client: HttpClient) -> None:
    coach = make_coach()
    flagged = make_client(coach=coach, name="Flagged")
    make_session(
        client=flagged, assessed_on=timezone.localdate(), red_flags=["swelling"]
    )
    programmed = make_client(coach=coach, name="Programmed")
    make_program(
        session=make_session(client=programmed, assessed_on=timezone.localdate())
    )
    make_client(coach=coach, name="Newcomer")
    page = get(client, coach).content.decode()
    assert ">Referred<" in page
    assert "Program published" in page
    assert "Not assessed" in page


@pytest.mark.parametrize("term", ["maya", "MAYA", "oKaf", "trail"])
def test_it_searches_name_and_activity_ignoring_case(
    client: HttpClient, term: str
) -> None:
    coach = make_coach()
    make_client(coach=coach, name="Maya Okafor", activity="Trail running")
    make_client(coach=coach, name="Tom Brennan", activity="Rugby")
    page = get(client, coach, q=term).content.decode()
    assert "Maya Okafor" in page
    assert "Tom Brennan" not in page


def test_it_returns_only_the_results_partial_to_htmx(client: HttpClient) -> None:
    coach = make_coach()
    make_client(coach=coach, name="Maya Okafor")
    make_client(coach=coach, name="Tom Brennan")
    client.force_login(coach)
    response = client.get(URL, {"q": "tom"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<section id="client-results"')
    assert "Tom Brennan" in page and "Maya Okafor" not in page
    assert "HX-Request" in response["Vary"]


def test_it_returns_the_whole_page_for_an_htmx_history_restore(
    client: HttpClient,
) -> None:
    coach = make_coach()
    client.force_login(coach)
    response = client.get(
        URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_it_wires_the_search_box_for_htmx_and_for_plain_get(client: HttpClient) -> None:
    page = get(client, make_coach()).content.decode()
    assert f'<form class="card client-search" method="get" action="{URL}"' in page
    assert 'hx-trigger="input changed delay:300ms, search"' in page
    assert 'hx-target="#client-results"' in page
    assert 'hx-push-url="true"' in page


def test_it_keeps_the_search_in_the_box(client: HttpClient) -> None:
    page = get(client, make_coach(), q="tom <b>").content.decode()
    assert 'value="tom &lt;b&gt;"' in page
    assert "No client matches “tom &lt;b&gt;”" in page


def test_it_hides_archived_clients_unless_asked(client: HttpClient) -> None:
    coach = make_coach()
    make_client(coach=coach, name="Active One")
    archive(make_client(coach=coach, name="Archived One"))
    default = get(client, coach).content.decode()
    assert "Active One" in default and "Archived One" not in default
    archived = get(client, coach, status="archived").content.decode()
    assert "Archived One" in archived and "Active One" not in archived
    assert '<option value="archived" selected>' in archived


def test_it_treats_an_unknown_filter_as_active(client: HttpClient) -> None:
    coach = make_coach()
    make_client(coach=coach, name="Active One")
    response = get(client, coach, status="deleted", page="x")
    assert response.status_code == 200
    assert "Active One" in response.content.decode()


def test_it_pages_by_25_and_keeps_the_search_in_the_page_links(
    client: HttpClient,
) -> None:
    coach = make_coach()
    for index in range(30):
        make_client(coach=coach, name=f"Runner {index:02}")
    make_client(coach=coach, name="Walker")
    first = get(client, coach, q="runner").content.decode()
    assert first.count("Runner ") == 25
    assert "Page 1 of 2" in first
    assert "?q=runner&amp;page=2" in first
    second = get(client, coach, q="runner", page="2").content.decode()
    assert second.count("Runner ") == 5
    assert "Runner 29" in second and "Walker" not in second


def fill(coach, count: int) -> None:
    for index in range(count):
        client = make_client(coach=coach, name=f"Client {index:03}")
        make_session(client=client, assessed_on=date(2026, 9, 1))
        make_session(client=client, assessed_on=date(2026, 10, 1), final=False)


@pytest.mark.parametrize("count", [3, 30])
def test_it_uses_a_fixed_number_of_queries(
    client: HttpClient, django_assert_max_num_queries, count: int
) -> None:
    coach = make_coach()
    fill(coach, count)
    client.force_login(coach)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.content.decode().count("Client 0") == min(count, 25)

"""Search boxes take any text: wildcards, quotes, backslashes, 10,000 characters, any script."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client as HttpClient
from django.urls import reverse

from clients.models import Client
from programs.models import Drill
from tests.security.tenants import Tenants

QUERIES = [
    "%",
    "_",
    "'",
    '"',
    "\\",
    "%%",
    "\\%",
    "' OR 1=1 --",
    "'; DROP TABLE clients_client; --",
    "[a-z]*",
    "(?:.*)",
    "Zoë ß 𝔘 日本 عربى",
    "\u200b\u202e",
    "x" * 10_000,
    "€" * 60_000,  # longer than SQLite's LIKE pattern limit (50,000 bytes)
    "ab " * 3_000,
    "",
    "   ",
]
IDS = [
    repr(query[:20]) + (f"x{len(query)}" if len(query) > 20 else "")
    for query in QUERIES
]


def signed_in(http: HttpClient, user) -> HttpClient:
    http.logout()
    http.force_login(user)
    return http


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_it_searches_clients_with_any_text(
    tenants: Tenants, http: HttpClient, query: str
) -> None:
    signed_in(http, tenants.a.coach)
    for headers in ({}, {"HX-Request": "true"}):
        for status in ("active", "archived", "junk"):
            response = http.get(
                reverse("clients:list"),
                {"q": query, "status": status, "page": query},
                headers=headers,
            )
            assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_it_searches_drills_with_any_text(
    tenants: Tenants, http: HttpClient, query: str
) -> None:
    signed_in(http, tenants.a.coach)
    phase = tenants.a.phase_id
    search = http.get(
        reverse("programs:drill-search"), {"phase": str(phase), "q": query}
    )
    partial = http.get(
        reverse("programs:drill-search"),
        {"phase": str(phase), "q": query},
        headers={"HX-Request": "true"},
    )
    add_page = http.get(
        reverse("programs:prescription-add", args=[phase]), {"q": query}
    )
    assert (search.status_code, partial.status_code, add_page.status_code) == (
        200,
        200,
        200,
    )


SEARCHABLE = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    for model, model_admin in admin.site._registry.items()
    if model_admin.search_fields
)


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_it_searches_the_admin_with_any_text(
    tenants: Tenants, http: HttpClient, query: str
) -> None:
    signed_in(http, tenants.editor)
    drills = http.get(
        reverse("admin:programs_drill_changelist"), {"q": query, "finding": query}
    )
    assert drills.status_code == 200
    signed_in(http, tenants.superuser)
    for changelist in SEARCHABLE:
        response = http.get(reverse(changelist), {"q": query})
        assert response.status_code == 200, changelist


@pytest.mark.django_db
def test_it_takes_wildcards_literally_in_the_client_search(
    tenants: Tenants, http: HttpClient
) -> None:
    coach = tenants.a.coach
    Client.objects.create(coach=coach, name="Bob 50% fit")
    Client.objects.create(coach=coach, name="Ann under_score")
    Client.objects.create(coach=coach, name="Cat O'Neil")
    signed_in(http, coach)

    def found(query: str) -> set[str]:
        page = http.get(reverse("clients:list"), {"q": query}).content.decode()
        names = ("Bob 50% fit", "Ann under_score", "Cat O&#x27;Neil", "Client A")
        return {name for name in names if name in page}

    assert found("%") == {"Bob 50% fit"}
    assert found("_") == {"Ann under_score"}
    assert found("'") == {"Cat O&#x27;Neil"}


@pytest.mark.django_db
def test_it_takes_wildcards_literally_in_the_drill_search(
    tenants: Tenants, http: HttpClient
) -> None:
    # A drill without "_" in its ladder, region or purpose (those hold underscores).
    drill = (
        Drill.objects.filter(owner__isnull=True)
        .exclude(ladder__contains="_")
        .exclude(region__contains="_")
        .exclude(purpose__contains="_")
        .order_by("name")
        .first()
    )
    assert drill is not None
    signed_in(http, tenants.a.coach)

    def shows_it(query: str) -> bool:
        page = http.get(
            reverse("programs:drill-search"),
            {"phase": str(tenants.a.phase_id), "q": query},
            headers={"HX-Request": "true"},
        ).content.decode()
        return f">{drill.name}<" in page or drill.name in page

    assert shows_it(drill.name)
    assert not shows_it("%")
    assert not shows_it("_")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "phase", ["²", "9" * 5_000, "-1", "1e3", "abc", "", str(10**20)]
)
def test_it_answers_a_made_up_phase_with_not_found(
    tenants: Tenants, http: HttpClient, phase: str
) -> None:
    signed_in(http, tenants.a.coach)
    response = http.get(reverse("programs:drill-search"), {"phase": phase, "q": "x"})
    assert response.status_code == 404

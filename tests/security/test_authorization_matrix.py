"""Every URL pattern, requested as every role, gets the answer declared in matrix.py.

One test per URL, role and method ("clients:detail-coach_b-GET"). Objects in
URLs are tenant A's; a refused request must also leave tenant A's data as it
was.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from django.test import Client as HttpClient

from assessments.models import AssessmentSession, Referral
from clients.models import Client, ClientLink, User
from programs.models import (
    Completion,
    Drill,
    PainAlert,
    PainReport,
    Prescription,
    Program,
    StepDown,
)
from tests.security.matrix import (
    ADMIN_LOGIN_URL,
    LOGIN_URL,
    Case,
    cases,
    stale_declarations,
)
from tests.security.tenants import Tenants

CASES = cases()
REFUSALS = {403, 404, 405}
SIGN_IN = {LOGIN_URL, ADMIN_LOGIN_URL}


def tenant_a_state(tenants: Tenants) -> tuple:
    """What a refused request must not change: tenant A's records, field by field."""
    a = tenants.a
    return (
        list(
            Client.objects.filter(pk=a.client.pk).values_list(
                "name", "archived_at", "updated_at"
            )
        ),
        list(
            AssessmentSession.objects.filter(client=a.client)
            .order_by("pk")
            .values_list("pk", "status", "notes", "updated_at")
        ),
        list(
            Program.objects.filter(client=a.client)
            .order_by("pk")
            .values_list("pk", "status", "version")
        ),
        list(
            Prescription.objects.filter(phase__program__client=a.client)
            .order_by("pk")
            .values_list("pk", "drill_id", "sets", "reps", "order")
        ),
        list(
            Completion.objects.filter(client=a.client)
            .order_by("pk")
            .values_list("pk", "done")
        ),
        list(
            PainReport.objects.filter(client=a.client)
            .order_by("pk")
            .values_list("pk", "pain", "note")
        ),
        list(
            ClientLink.objects.filter(client=a.client)
            .order_by("pk")
            .values_list("pk", "revoked_at")
        ),
        list(
            Drill.objects.filter(owner=a.coach)
            .order_by("pk")
            .values_list("pk", "name", "updated_at")
        ),
        list(User.objects.filter(pk=a.coach.pk).values_list("use_private_drills")),
        list(
            PainAlert.objects.filter(client=a.client)
            .order_by("pk")
            .values_list("pk", "reviewed_at")
        ),
        list(
            StepDown.objects.filter(client=a.client)
            .order_by("pk")
            .values_list("pk", "undone_at")
        ),
        list(
            Referral.objects.filter(client__coach=a.coach)
            .order_by("pk")
            .values_list("pk", "closed_at", "outcome")
        ),
        Client.objects.count(),
        Drill.objects.count(),
    )


def send(http: HttpClient, case: Case, tenants: Tenants):
    http.cookies = SimpleCookie()
    user = tenants.user(case.role)
    if user is not None:
        http.force_login(user)
    headers = {"HX-Request": "true"} if case.method.startswith("HX-") else {}
    url = case.url(tenants)
    if case.method.endswith("POST"):
        return http.post(url, case.data(tenants), headers=headers)
    return http.get(url, headers=headers)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_it_answers_each_role_as_declared(
    case: Case, tenants: Tenants, http: HttpClient
) -> None:
    if case.expect is None:
        pytest.fail(
            f"URL pattern {case.route.key!r} ({case.route.route}) has no declaration in "
            "tests/security/matrix_urls/<app>.py: declare who may reach it (VIEWS; ROUTES in matrix.py, the admin family in matrix_admin.py)."
        )
    expect = case.expect
    refused = expect.status in REFUSALS or expect.location in SIGN_IN
    before = (
        tenant_a_state(tenants) if case.method.endswith("POST") and refused else None
    )

    response = send(http, case, tenants)

    where = response.get("Location", "")
    assert response.status_code == expect.status, (
        f"{case.id}: expected {expect}, got {response.status_code} {where}".strip()
    )
    if expect.location:
        assert where.startswith(expect.location), (
            f"{case.id}: redirected to {where}, expected {expect.location}..."
        )
    if expect.partial:
        assert b"<html" not in response.content.lower(), (
            f"{case.id}: a whole page for an htmx request"
        )
    if expect.hx_redirect:
        assert response.get("HX-Redirect", "").startswith(expect.hx_redirect), (
            f"{case.id}: HX-Redirect {response.get('HX-Redirect')!r}"
        )
    if before is not None:
        assert tenant_a_state(tenants) == before, (
            f"{case.id}: a refused request changed tenant A's data"
        )


def test_it_declares_no_url_that_no_longer_exists() -> None:
    assert stale_declarations() == []


def test_it_covers_every_url_pattern() -> None:
    from tests.security.matrix import every_route

    covered = {case.route.key for case in CASES if case.expect is not None}
    assert {route.key for route in every_route()} - covered == set()

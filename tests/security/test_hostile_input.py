"""Hostile input: whatever arrives in a form, no page answers with a server error.

Hypothesis sends every form and POST endpoint random field sets: real field
names and made-up ones, text in any script, 100,000-character strings,
numbers at the edges of every type, broken dates, repeated values, fields
missing, alone or on top of a valid form. Each example runs in a savepoint
that is rolled back, so every request meets the same tenants.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.forms import FIELD_ORDER, VALIDATED_ON_BLUR
from programs.library.forms import DrillFieldsForm
from tests.security.matrix import VIEWS
from tests.security.tenants import Tenants

# Fuzzing: make test runs it, make test-fast leaves it out.
pytestmark = pytest.mark.slow

# PostgreSQL rejects NUL characters; surrogates cannot be encoded.
TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=40,
)
HUGE = st.builds(
    lambda piece, times: (piece * times)[:100_000],
    TEXT.filter(bool),
    st.integers(min_value=1_000, max_value=100_000),
)
NUMBERS = st.one_of(
    st.sampled_from(
        [
            "1e308",
            "-1e308",
            "1e309",
            "-1",
            "0",
            "-0",
            str(10**20),
            str(-(10**20)),
            str(2**63),
            str(2**31),
            "nan",
            "NaN",
            "inf",
            "-Infinity",
            "1e-320",
            "0x1F",
            "1_000",
            "٣",  # an Arabic-Indic digit
            "7,5",
            " 7.5 ",
        ]
    ),
    st.integers().map(str),
    st.floats().map(repr),
)
DATES = st.one_of(
    st.sampled_from(
        [
            "2026-02-30",
            "2026-13-01",
            "0000-01-01",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "1899-12-31",
            "21/11/2026",
            "tomorrow",
            "2026-11-21T25:00",
        ]
    ),
    st.dates().map(lambda day: day.isoformat()),
)
WORDS = st.sampled_from(["on", "off", "true", "", " ", "up", "down", "final", "cm"])
VALUE = st.one_of(TEXT, HUGE, NUMBERS, DATES, WORDS)
VALUES = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3))

# FUZZ_EXAMPLES=500 for a deeper hunt than the suite's bounded run.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def form_data(fields: tuple[str, ...]) -> st.SearchStrategy[dict]:
    """Some of the form's own fields, maybe a made-up one, each with any value."""
    names = st.sampled_from(fields) | TEXT.filter(bool) if fields else TEXT
    return st.dictionaries(names, VALUES, max_size=len(fields) + 2)


SESSION_FIELDS = (*FIELD_ORDER, "action")
CLIENT_FIELDS = (
    "name",
    "date_of_birth",
    "sex",
    "activity",
    "goals",
    "injury_history",
    "contraindications",
    "reassess_every_weeks",
    "training_days",
)
DOSE_FIELDS = ("version", "sets", "reps", "seconds", "tempo", "side")
DRILL_FIELDS = (*DrillFieldsForm.Meta.fields, "retired")


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    role: str
    url: Callable[[Tenants], str]
    fields: tuple[str, ...] = ()
    method: str = "POST"


def at(name: str, **kwargs: Callable[[Tenants], object]) -> Callable[[Tenants], str]:
    def url(tenants: Tenants) -> str:
        return reverse(name, kwargs={key: get(tenants) for key, get in kwargs.items()})

    return url


def client_a(tenants: Tenants) -> int:
    return tenants.a.client.pk


def prescription_a(tenants: Tenants) -> int:
    return tenants.a.prescription_id


ENDPOINTS = [
    Endpoint("clients:create", "coach_a", at("clients:create"), CLIENT_FIELDS),
    Endpoint(
        "clients:edit", "coach_a", at("clients:edit", client_id=client_a), CLIENT_FIELDS
    ),
    Endpoint("clients:archive", "coach_a", at("clients:archive", client_id=client_a)),
    Endpoint("clients:restore", "coach_a", at("clients:restore", client_id=client_a)),
    Endpoint(
        "assessments:session-create",
        "coach_a",
        at("assessments:session-create", client_id=client_a),
        SESSION_FIELDS,
    ),
    Endpoint(
        "assessments:session-detail",
        "coach_a",
        at("assessments:session-detail", session_id=lambda t: t.a.draft_session_id),
        SESSION_FIELDS,
    ),
    Endpoint(
        "assessments:session-finalise",
        "coach_a",
        at("assessments:session-finalise", session_id=lambda t: t.a.draft_session_id),
        SESSION_FIELDS,
    ),
    Endpoint(
        "assessments:session-amend",
        "coach_a",
        at("assessments:session-amend", session_id=lambda t: t.a.final_session_id),
        (*SESSION_FIELDS, "reason"),
    ),
    Endpoint(
        "assessments:findings-preview",
        "coach_a",
        at("assessments:findings-preview", client_id=client_a),
        SESSION_FIELDS,
    ),
    Endpoint(
        "programs:program-generate",
        "coach_a",
        at("programs:program-generate", session_id=lambda t: t.a.final_session_id),
    ),
    Endpoint(
        "programs:program-publish",
        "coach_a",
        at("programs:program-publish", program_id=lambda t: t.a.draft_program_id),
        ("version",),
    ),
    Endpoint(
        "programs:program-archive",
        "coach_a",
        at("programs:program-archive", program_id=lambda t: t.a.program_id),
        ("version",),
    ),
    Endpoint(
        "programs:prescription-update",
        "coach_a",
        at("programs:prescription-update", prescription_id=prescription_a),
        DOSE_FIELDS,
    ),
    Endpoint(
        "programs:prescription-remove",
        "coach_a",
        at("programs:prescription-remove", prescription_id=prescription_a),
        ("version",),
    ),
    Endpoint(
        "programs:prescription-add",
        "coach_a",
        at("programs:prescription-add", phase_id=lambda t: t.a.phase_id),
        ("version", "drill"),
    ),
    Endpoint(
        "plan:toggle-done",
        "client_a",
        at("plan:toggle-done", prescription_id=prescription_a),
    ),
    Endpoint("plan:pain", "client_a", at("plan:pain"), ("pain", "note")),
    Endpoint("links:panel", "coach_a", at("links:panel", client_id=client_a)),
    Endpoint("links:revoke", "coach_a", at("links:revoke", client_id=client_a)),
    Endpoint("drills:create", "coach_a", at("drills:create"), DRILL_FIELDS),
    Endpoint(
        "drills:edit",
        "coach_a",
        at("drills:edit", drill_id=lambda t: t.a.private_drill_id),
        DRILL_FIELDS,
    ),
    Endpoint(
        "drills:preference", "coach_a", at("drills:preference"), ("use_private_drills",)
    ),
    Endpoint(
        "records:erase",
        "coach_a",
        at("records:erase", client_id=client_a),
        ("confirm_name",),
    ),
    Endpoint("login", "anonymous", at("login"), ("username", "password", "next")),
    Endpoint(
        "password_change",
        "coach_a",
        at("password_change"),
        ("old_password", "new_password1", "new_password2"),
    ),
    Endpoint(
        "admin:programs_drill_add",
        "editor",
        at("admin:programs_drill_add"),
        ("slug", *DRILL_FIELDS, "retired_at_0", "retired_at_1", "_save"),
    ),
    Endpoint(
        "clients:list", "coach_a", at("clients:list"), ("q", "status", "page"), "GET"
    ),
    Endpoint(
        "programs:drill-search",
        "coach_a",
        at("programs:drill-search"),
        ("phase", "q"),
        "GET",
    ),
    Endpoint(
        "programs:prescription-add (search)",
        "coach_a",
        at("programs:prescription-add", phase_id=lambda t: t.a.phase_id),
        ("q",),
        "GET",
    ),
    Endpoint(
        "records:audit",
        "coach_a",
        at("records:audit", client_id=client_a),
        ("page",),
        "GET",
    ),
    Endpoint(
        "admin:programs_drill_changelist",
        "editor",
        at("admin:programs_drill_changelist"),
        ("q", "o", "p", "region", "retired", "finding"),
        "GET",
    ),
]


def signed_in(http: HttpClient, tenants: Tenants, role: str) -> HttpClient:
    http.logout()
    user = tenants.user(role)
    if user is not None:
        http.force_login(user)
    return http


def send(http: HttpClient, endpoint: Endpoint, url: str, data: dict, *, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    if endpoint.method == "GET":
        return http.get(url, data, headers=headers)
    return http.post(url, data, headers=headers)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
@FUZZ
@given(draw=st.data())
def test_it_never_answers_a_hostile_form_with_a_server_error(
    endpoint: Endpoint, tenants: Tenants, http: HttpClient, draw: st.DataObject
) -> None:
    data = draw.draw(form_data(endpoint.fields), label="data")
    if draw.draw(st.booleans(), label="on top of a valid form"):
        # Valid fields around the hostile ones reach the saving code, not only the form.
        view = VIEWS.get(endpoint.name)
        data = {**(view.data(tenants) if view else {}), **data}
    htmx = draw.draw(st.booleans(), label="htmx")
    url = endpoint.url(tenants)
    with transaction.atomic():
        signed_in(http, tenants, endpoint.role)
        response = send(http, endpoint, url, data, htmx=htmx)
        transaction.set_rollback(True)
    assert response.status_code < 500


@pytest.mark.django_db
@FUZZ
@given(
    field=st.sampled_from([*VALIDATED_ON_BLUR, "unit", "notes"]) | TEXT, value=VALUES
)
def test_it_never_fails_to_validate_a_field(
    tenants: Tenants, http: HttpClient, field: str, value: object
) -> None:
    base = reverse("assessments:field-validate", args=[tenants.a.client.pk])
    url = f"{base}?{urlencode({'field': field})}"
    with transaction.atomic():
        signed_in(http, tenants, "coach_a")
        response = http.post(url, {field: value}, headers={"HX-Request": "true"})
        transaction.set_rollback(True)
    assert response.status_code < 500


@pytest.mark.django_db
@FUZZ
@given(
    direction=TEXT | st.sampled_from(["up", "down", "UP", "..", "%00"]),
    action=st.sampled_from(["swap", "move"]),
    version=VALUES,
)
def test_it_never_fails_on_a_made_up_direction(
    tenants: Tenants, http: HttpClient, direction: str, action: str, version: object
) -> None:
    url = f"/programs/prescriptions/{tenants.a.prescription_id}/{action}/{quote(direction, safe='')}/"
    with transaction.atomic():
        signed_in(http, tenants, "coach_a")
        response = http.post(url, {"version": version})
        transaction.set_rollback(True)
    assert response.status_code < 500


@pytest.mark.django_db
@FUZZ
@given(token=TEXT | HUGE | st.sampled_from([":", "::", "a:b:c", "WzEsIngiXQ:1:x"]))
def test_it_never_fails_on_a_made_up_link(
    tenants: Tenants, http: HttpClient, token: str
) -> None:
    with transaction.atomic():
        http.logout()
        response = http.get(f"/c/{quote(token, safe='')}/")
        transaction.set_rollback(True)
    assert response.status_code in (404, 410)

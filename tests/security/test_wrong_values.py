"""Valid-looking but wrong input: the form comes back with a message on the field and what was typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.forms import (
    DEG_MESSAGE,
    GRADE_MESSAGE,
    PAIN_MESSAGE,
    STANCE_MESSAGE,
)
from tests.security.matrix import CLIENT_FORM, DRILL_FORM, SESSION_FORM
from tests.security.tenants import Tenants

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()
KTW_CM = "Knee-to-wall must be between 0 and 30 cm"
KTW_IN = "Knee-to-wall must be between 0 and 11.8 in"


@dataclass(frozen=True, slots=True)
class Wrong:
    id: str
    role: str
    url: str  # a URL name; its object comes from `target`
    data: dict
    message: str
    kept: tuple[str, ...]  # snippets of the page that show what was typed
    target: str = ""
    status: int = 400
    query: str = ""
    headers: dict = field(default_factory=dict)


def session(**changes: str) -> dict:
    return {**SESSION_FORM, **changes}


CASES = [
    Wrong(
        "knee-to-wall-45-cm",
        "coach_a",
        "assessments:session-create",
        session(ktw_left_cm="45"),
        KTW_CM,
        ('value="45"',),
        target="client",
    ),
    Wrong(
        "knee-to-wall-12-inches",
        "coach_a",
        "assessments:session-create",
        session(unit="in", ktw_right_cm="12"),
        KTW_IN,
        ('value="12"',),
        target="client",
    ),
    Wrong(
        "knee-pain-11",
        "coach_a",
        "assessments:session-create",
        session(knee_pain_nrs="11"),
        PAIN_MESSAGE,
        ('value="11"',),
        target="client",
    ),
    Wrong(
        "hip-grade-6",
        "coach_a",
        "assessments:session-create",
        session(abduction_mmt_left="6"),
        GRADE_MESSAGE,
        ('value="6"',),
        target="client",
    ),
    Wrong(
        "stance-negative",
        "coach_a",
        "assessments:session-create",
        session(stance_right_s="-1"),
        STANCE_MESSAGE,
        ('value="-1"',),
        target="client",
    ),
    Wrong(
        "tibial-angle-1e308",
        "coach_a",
        "assessments:session-create",
        session(ktw_left_deg="1e308"),
        DEG_MESSAGE,
        ('value="1e308"',),
        target="client",
    ),
    Wrong(
        "session-in-the-future",
        "coach_a",
        "assessments:session-create",
        session(assessed_on=TOMORROW, notes="Kept notes"),
        "The date cannot be in the future.",
        (f'value="{TOMORROW}"', "Kept notes"),
        target="client",
    ),
    Wrong(
        "draft-knee-to-wall-45-cm",
        "coach_a",
        "assessments:session-detail",
        session(ktw_right_cm="45", glute_notes="Kept glute notes"),
        KTW_CM,
        ('value="45"', "Kept glute notes"),
        target="draft",
    ),
    Wrong(
        "amend-pain-11",
        "coach_a",
        "assessments:session-amend",
        {**session(knee_pain_nrs="11"), "reason": "Kept reason"},
        PAIN_MESSAGE,
        ('value="11"', 'value="Kept reason"'),
        target="final",
    ),
    Wrong(
        "field-check-45-cm",
        "coach_a",
        "assessments:field-validate",
        session(ktw_left_cm="45"),
        KTW_CM,
        ('value="45"',),
        target="client",
        status=200,
        query="field=ktw_left_cm",
        headers={"HX-Request": "true"},
    ),
    Wrong(
        "dose-0-sets",
        "coach_a",
        "programs:prescription-update",
        {"sets": "0", "reps": "8"},
        "Between 1 and 10 sets.",
        ('value="0"',),
        target="prescription",
    ),
    Wrong(
        "dose-101-reps",
        "coach_a",
        "programs:prescription-update",
        {"sets": "3", "reps": "101"},
        "Between 1 and 100 reps.",
        ('value="101"',),
        target="prescription",
    ),
    Wrong(
        "dose-10-to-the-20-seconds",
        "coach_a",
        "programs:prescription-update",
        {"sets": "3", "seconds": str(10**20)},
        "Between 1 and 600 seconds.",
        (f'value="{10**20}"',),
        target="prescription",
    ),
    Wrong(
        "client-born-tomorrow",
        "coach_a",
        "clients:create",
        {**CLIENT_FORM, "date_of_birth": TOMORROW, "activity": "Kept activity"},
        "The date of birth cannot be in the future.",
        (f'value="{TOMORROW}"', 'value="Kept activity"'),
    ),
    Wrong(
        "client-reassess-every-27-weeks",
        "coach_a",
        "clients:edit",
        {**CLIENT_FORM, "reassess_every_weeks": "27"},
        "Ensure this value is less than or equal to 26.",
        ('value="27"', f'value="{CLIENT_FORM["name"]}"'),
        target="client",
    ),
    Wrong(
        "client-reassess-every-minus-1-weeks",
        "coach_a",
        "clients:create",
        {**CLIENT_FORM, "reassess_every_weeks": "-1"},
        "Ensure this value is greater than or equal to",
        ('value="-1"',),
    ),
    Wrong(
        "pain-11",
        "client_a",
        "plan:pain",
        {"pain": "11", "note": "Kept pain note"},
        "Select a valid choice. 11 is not one of the available choices.",
        ('value="Kept pain note"',),
    ),
    Wrong(
        "private-drill-0-sets",
        "coach_a",
        "drills:create",
        {**DRILL_FORM, "sets": "0"},
        "Ensure this value is greater than or equal to 1.",
        ('value="0"', f'value="{DRILL_FORM["name"]}"'),
    ),
    Wrong(
        "erase-with-the-wrong-name",
        "coach_a",
        "records:erase",
        {"confirm_name": "Someone else"},
        "That is not this client's name: nothing was erased.",
        ('value="Someone else"',),
        target="client",
    ),
]


def url_of(case: Wrong, tenants: Tenants) -> str:
    args = {
        "": [],
        "client": [tenants.a.client.pk],
        "draft": [tenants.a.draft_session_id],
        "final": [tenants.a.final_session_id],
        "prescription": [tenants.a.prescription_id],
    }[case.target]
    url = reverse(case.url, args=args)
    return f"{url}?{case.query}" if case.query else url


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_it_keeps_the_input_and_names_the_problem(
    case: Wrong, tenants: Tenants, http: HttpClient
) -> None:
    http.logout()
    user = tenants.user(case.role)
    assert user is not None
    http.force_login(user)
    data = dict(case.data)
    if case.url == "programs:prescription-update":
        data["version"] = tenants.a.program_version
    response = http.post(url_of(case, tenants), data, headers=case.headers)
    page = response.content.decode()
    assert response.status_code == case.status
    assert escape(case.message) in page
    for snippet in case.kept:
        assert snippet in page, f"{snippet!r} was not kept"

"""The authorization matrix's vocabulary: what a role gets (Expect), role patterns, what to send, View."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.security.tenants import ROLES, Tenants

LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"


@dataclass(frozen=True, slots=True)
class Expect:
    """The answer a role gets: a status, where a redirect goes, whether it is a partial."""

    status: int
    location: str = ""  # a redirect's Location starts with this
    partial: bool = False  # an htmx answer: no whole page
    hx_redirect: str = (
        ""  # an htmx answer that sends the browser on (HX-Redirect header)
    )

    def __str__(self) -> str:
        where = f" to {self.location}" if self.location else ""
        return f"{self.status}{where}"


LOGIN = Expect(302, LOGIN_URL)
ADMIN_LOGIN = Expect(302, ADMIN_LOGIN_URL)
OK = Expect(200)
PARTIAL = Expect(200, partial=True)
DENIED = Expect(403)
MISSING = Expect(404)
NOT_ALLOWED = Expect(405)


def redirect(location: str) -> Expect:
    return Expect(302, location)


def hx_redirect(location: str) -> Expect:
    return Expect(200, hx_redirect=location)


Roles = dict[str, Expect]
Data = Callable[[Tenants], dict]


def roles(**expected: Expect) -> Roles:
    missing = set(ROLES) - set(expected)
    assert not missing, f"no expectation for {sorted(missing)}"
    return expected


# --- role patterns ---------------------------------------------------------------------


def coach_object(ok: Expect) -> Roles:
    """A coach page about one of tenant A's objects: only coach A gets in."""
    return roles(
        anonymous=LOGIN,
        client_a=DENIED,
        client_b=DENIED,
        coach_a=ok,
        coach_b=MISSING,
        editor=DENIED,
        superuser=MISSING,
    )


def coach_own(ok: Expect) -> Roles:
    """A coach page about the coach's own things (their list, a new client): every coach."""
    return roles(
        anonymous=LOGIN,
        client_a=DENIED,
        client_b=DENIED,
        coach_a=ok,
        coach_b=ok,
        editor=DENIED,
        superuser=ok,
    )


def client_object(ok: Expect) -> Roles:
    """A client's plan action on one of client A's drills: only client A."""
    return roles(
        anonymous=LOGIN,
        client_a=ok,
        client_b=MISSING,
        coach_a=DENIED,
        coach_b=DENIED,
        editor=DENIED,
        superuser=DENIED,
    )


def client_own(ok: Expect) -> Roles:
    """A client's own plan page: any client, about themselves."""
    return roles(
        anonymous=LOGIN,
        client_a=ok,
        client_b=ok,
        coach_a=DENIED,
        coach_b=DENIED,
        editor=DENIED,
        superuser=DENIED,
    )


def everyone(ok: Expect) -> Roles:
    return dict.fromkeys(ROLES, ok)


def signed_in(ok: Expect) -> Roles:
    return {**everyone(ok), "anonymous": LOGIN}


def post_only() -> Roles:
    """GET on a POST endpoint: nothing happens (405) once signed in."""
    return signed_in(NOT_ALLOWED)


# --- what to send -------------------------------------------------------------------------

SESSION_FORM = {
    "assessed_on": "2026-01-25",
    "unit": "cm",
    "ktw_method": "tape",
    "ktw_footwear": "barefoot",
    "ktw_left_cm": "8",
    "ktw_right_cm": "11",
    "abduction_mmt_left": "4",
    "knee_pain_nrs": "2",
    "notes": "Matrix",
}
CLIENT_FORM = {
    "name": "Renamed by the matrix",
    "reassess_every_weeks": "4",
    "training_days": ["0", "2", "4"],
}
DRILL_FORM = {
    "name": "Matrix drill",
    "ladder": "",
    "next_rung": "",
    "region": "ankle",
    "purpose": "mobility",
    "sets": "2",
    "seconds": "30",
    "cues": "Slowly",
    "instructions": "Slowly.",
    "finding_codes": ["ankle_dorsiflexion_restricted"],
}


def no_data(tenants: Tenants) -> dict:
    return {}


def program_version(tenants: Tenants) -> dict:
    return {"version": tenants.a.program_version}


def draft_program_version(tenants: Tenants) -> dict:
    return {"version": tenants.a.draft_program_version}


def dose(tenants: Tenants) -> dict:
    return {"version": tenants.a.program_version, "sets": "3", "reps": "8"}


def add_drill(tenants: Tenants) -> dict:
    return {"version": tenants.a.program_version, "drill": tenants.shared_drill_id}


def constant(data: dict) -> Data:
    return lambda tenants: data


# --- declarations ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class View:
    """One view: how to fill its URL with tenant A's objects and what each role gets, per method.

    Methods: GET, POST, and HX-GET / HX-POST for the same request sent by htmx.
    """

    kwargs: Callable[[Tenants], dict] = lambda tenants: {}
    query: str = ""
    data: Data = no_data
    expect: dict[str, Roles] = field(default_factory=dict)


def client_a(tenants: Tenants) -> dict:
    return {"client_id": tenants.a.client.pk}


def draft_session_a(tenants: Tenants) -> dict:
    return {"session_id": tenants.a.draft_session_id}


def final_session_a(tenants: Tenants) -> dict:
    return {"session_id": tenants.a.final_session_id}


def program_a(tenants: Tenants) -> dict:
    return {"program_id": tenants.a.program_id}


def draft_program_a(tenants: Tenants) -> dict:
    return {"program_id": tenants.a.draft_program_id}


def prescription_a(tenants: Tenants) -> dict:
    return {"prescription_id": tenants.a.prescription_id}


def referral_a(tenants: Tenants) -> dict:
    return {
        "client_id": tenants.a.referred_client_id,
        "referral_id": tenants.a.referral_id,
    }


CLEARANCE_FORM = {
    "cleared_on": "2026-01-10",
    "cleared_by": "Dr A. Patel, sports physician",
    "restrictions": ["no_loading"],
    "note": "Mild effusion settled.",
}
OVERRIDE_FORM = {"reason": "Red flag ticked in error: no swelling on re-check."}


def pain_alert_a(tenants: Tenants) -> dict:
    return {"client_id": tenants.a.client.pk, "alert_id": tenants.a.pain_alert_id}


def step_down_a(tenants: Tenants) -> dict:
    return {"client_id": tenants.a.client.pk, "step_id": tenants.a.step_down_id}


def squat_video_a(tenants: Tenants) -> dict:
    return {"video_id": tenants.a.squat_video_id}


def client_detail(tenants: Tenants) -> str:
    return f"/clients/{tenants.a.client.pk}/"

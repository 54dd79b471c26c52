"""Who may reach which URL: one declaration per view, checked against every URL pattern.

Every URL pattern the project serves is found by walking the resolver, and
each must match a declaration here (a view of our own by its URL name, the
admin as one family with a rule per role). A new view without a declaration
fails test_authorization_matrix with its name.

Objects in URLs are always tenant A's; the B roles attack them. The superuser
is an account made by `createsuperuser`: its role defaults to coach, so it is
a coach with no clients of its own (404 on A's objects, like coach B) and,
being a superuser, a library editor too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
CLIENT_FORM = {"name": "Renamed by the matrix", "reassess_every_weeks": "4"}
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


VIEWS: dict[str, View] = {
    # --- site ---
    "home": View(
        expect={
            "GET": roles(
                anonymous=LOGIN,
                client_a=redirect("/plan/"),
                client_b=redirect("/plan/"),
                coach_a=OK,
                coach_b=OK,
                editor=redirect("/admin/"),
                superuser=OK,
            )
        }
    ),
    "healthz": View(expect={"GET": everyone(OK)}),
    "rules": View(
        expect={
            "GET": roles(
                anonymous=LOGIN,
                client_a=DENIED,
                client_b=DENIED,
                coach_a=OK,
                coach_b=OK,
                editor=OK,
                superuser=OK,
            )
        }
    ),
    # --- accounts ---
    "login": View(
        data=constant({"username": "nobody", "password": "wrong"}),
        expect={
            # Signed-in people are sent home (redirect_authenticated_user).
            "GET": {**everyone(redirect("/")), "anonymous": OK},
            "POST": {**everyone(redirect("/")), "anonymous": OK},
        },
    ),
    "logout": View(
        expect={
            "GET": signed_in(NOT_ALLOWED),
            "POST": everyone(redirect(LOGIN_URL)),
        }
    ),
    "password_change": View(
        data=constant({"old_password": "wrong", "new_password1": "x"}),
        expect={"GET": signed_in(OK), "POST": signed_in(OK)},
    ),
    "password_change_done": View(expect={"GET": signed_in(OK)}),
    # Password reset by email: open to everyone (someone who forgot it is signed out).
    "password_reset": View(
        data=constant({"email": "nobody@example.com"}),
        expect={
            "GET": everyone(OK),
            "POST": everyone(redirect("/accounts/password/reset/sent/")),
        },
    ),
    "password_reset_done": View(expect={"GET": everyone(OK)}),
    "password_reset_confirm": View(
        kwargs=lambda tenants: {"uidb64": "MQ", "token": "not-a-token"},
        data=constant({"new_password1": "x", "new_password2": "x"}),
        # A wrong link: the page says so, for everyone.
        expect={"GET": everyone(OK), "POST": everyone(OK)},
    ),
    "password_reset_complete": View(expect={"GET": everyone(OK)}),
    # --- clients ---
    "clients:list": View(
        query="q=client",
        expect={"GET": coach_own(OK), "HX-GET": coach_own(PARTIAL)},
    ),
    "clients:create": View(
        data=constant(CLIENT_FORM),
        expect={
            "GET": coach_own(OK),
            "POST": coach_own(redirect("/clients/")),
            "HX-POST": coach_own(hx_redirect("/clients/")),
        },
    ),
    "clients:detail": View(kwargs=client_a, expect={"GET": coach_object(OK)}),
    "clients:referral-clear": View(
        kwargs=referral_a,
        data=constant(CLEARANCE_FORM),
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/clients/")),
        },
    ),
    "clients:referral-override": View(
        kwargs=referral_a,
        data=constant(OVERRIDE_FORM),
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/clients/")),
        },
    ),
    "clients:pain-alert-review": View(
        kwargs=pain_alert_a,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/clients/")),
        },
    ),
    "clients:step-down-undo": View(
        kwargs=step_down_a,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/clients/")),
        },
    ),
    "clients:referral-summary": View(
        kwargs=referral_a, expect={"GET": coach_object(OK)}
    ),
    "clients:edit": View(
        kwargs=client_a,
        data=constant(CLIENT_FORM),
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/clients/")),
            "HX-POST": coach_object(hx_redirect("/clients/")),
        },
    ),
    "clients:archive": View(
        kwargs=client_a,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/clients/")),
            "HX-POST": coach_object(hx_redirect("/clients/")),
        },
    ),
    "clients:restore": View(
        kwargs=client_a,
        expect={"GET": post_only(), "POST": coach_object(redirect("/clients/"))},
    ),
    # --- records: export, erase, audit ---
    "records:export": View(kwargs=client_a, expect={"GET": coach_object(OK)}),
    "records:erase": View(
        kwargs=client_a,
        data=constant({"confirm_name": "Client A"}),
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/clients/")),
        },
    ),
    "records:audit": View(kwargs=client_a, expect={"GET": coach_object(OK)}),
    # --- personal links ---
    "links:panel": View(
        kwargs=client_a,
        expect={
            "GET": coach_object(OK),
            "HX-GET": coach_object(PARTIAL),
            "POST": coach_object(OK),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    "links:revoke": View(
        kwargs=client_a,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/clients/")),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    # Whoever holds the link is signed in as the client: it is the client's key.
    "links:open": View(
        kwargs=lambda tenants: {"token": tenants.a.link_token},
        expect={"GET": everyone(redirect("/plan/"))},
    ),
    # --- assessments ---
    "assessments:session-create": View(
        kwargs=client_a,
        data=constant(SESSION_FORM),
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/sessions/")),
            "HX-POST": coach_object(hx_redirect("/sessions/")),
        },
    ),
    "assessments:session-detail": View(
        kwargs=draft_session_a,
        data=constant(SESSION_FORM),
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/sessions/")),
        },
    ),
    "assessments:findings-preview": View(
        kwargs=client_a,
        data=constant(SESSION_FORM),
        expect={
            "GET": post_only(),
            "POST": coach_object(PARTIAL),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    "assessments:field-validate": View(
        kwargs=client_a,
        query="field=ktw_left_cm",
        data=constant(SESSION_FORM),
        expect={
            "GET": post_only(),
            "POST": coach_object(PARTIAL),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    "assessments:session-finalise": View(
        kwargs=draft_session_a,
        expect={"GET": post_only(), "POST": coach_object(redirect("/sessions/"))},
    ),
    "assessments:session-amend": View(
        kwargs=final_session_a,
        data=constant({**SESSION_FORM, "reason": "Typo in the left side"}),
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/sessions/")),
        },
    ),
    "assessments:session-compare": View(
        kwargs=final_session_a, expect={"GET": coach_object(OK)}
    ),
    # --- programs ---
    "programs:program-generate": View(
        kwargs=final_session_a,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/programs/")),
            "HX-POST": coach_object(hx_redirect("/programs/")),
        },
    ),
    "programs:program-detail": View(
        kwargs=program_a,
        expect={"GET": coach_object(OK), "HX-GET": coach_object(PARTIAL)},
    ),
    "programs:program-publish": View(
        kwargs=draft_program_a,
        data=draft_program_version,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/programs/")),
            "HX-POST": coach_object(hx_redirect("/programs/")),
        },
    ),
    "programs:phase-move-on": View(
        kwargs=program_a,
        data=constant({"reason": "Clinician cleared progression; no pain."}),
        expect={"GET": post_only(), "POST": coach_object(redirect("/programs/"))},
    ),
    "programs:program-archive": View(
        kwargs=program_a,
        data=program_version,
        expect={"GET": post_only(), "POST": coach_object(redirect("/programs/"))},
    ),
    "programs:prescription-swap": View(
        kwargs=lambda tenants: {**prescription_a(tenants), "direction": "up"},
        data=program_version,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/programs/")),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    "programs:prescription-update": View(
        kwargs=prescription_a,
        data=dose,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/programs/")),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    "programs:prescription-move": View(
        kwargs=lambda tenants: {**prescription_a(tenants), "direction": "down"},
        data=program_version,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/programs/")),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    "programs:prescription-remove": View(
        kwargs=prescription_a,
        data=program_version,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/programs/")),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    "programs:prescription-add": View(
        kwargs=lambda tenants: {"phase_id": tenants.a.phase_id},
        data=add_drill,
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/programs/")),
            "HX-POST": coach_object(hx_redirect("/programs/")),
        },
    ),
    "programs:drill-search": View(
        query="phase={phase_id}&q=ankle",
        expect={
            # Coaches without the phase, and a bare ?phase=, get 404 alike.
            "GET": coach_object(OK),
            "HX-GET": coach_object(PARTIAL),
        },
    ),
    # --- the client's plan ---
    "plan:today": View(expect={"GET": client_own(OK)}),
    "plan:toggle-done": View(
        kwargs=prescription_a,
        expect={
            "GET": post_only(),
            "POST": client_object(redirect("/plan/")),
            "HX-POST": client_object(PARTIAL),
        },
    ),
    "plan:pain": View(
        data=constant({"pain": "4", "note": "Matrix"}),
        expect={
            "GET": post_only(),
            "POST": client_own(redirect("/plan/")),
            "HX-POST": client_own(PARTIAL),
        },
    ),
    "plan:password": View(
        data=constant(
            {
                "new_password1": "a-long-gym-password",
                "new_password2": "a-long-gym-password",
            }
        ),
        expect={
            "GET": client_own(OK),
            "POST": client_own(redirect("/plan/password/")),
            "HX-POST": client_own(redirect("/plan/password/")),
        },
    ),
    "plan:drill-pain": View(
        kwargs=prescription_a,
        data=constant({"pain": "2", "note": "Matrix"}),
        expect={
            "GET": post_only(),
            "POST": client_object(redirect("/plan/")),
            "HX-POST": client_object(PARTIAL),
        },
    ),
    # Tenant A did no drills yesterday: nothing to rate, and back to the plan.
    "plan:next-day": View(
        data=constant({"pain": "2"}),
        expect={
            "GET": post_only(),
            "POST": client_own(redirect("/plan/")),
            "HX-POST": client_own(hx_redirect("/plan/")),
        },
    ),
    "plan:symptoms": View(
        data=constant({"symptoms": ["giving_way"], "note": "Matrix"}),
        expect={
            "GET": post_only(),
            "POST": client_own(redirect("/plan/")),
            "HX-POST": client_own(hx_redirect("/plan/")),
        },
    ),
    # --- squat videos: the client films, the coach reviews ---
    "squat-video:film": View(
        data=constant({"view": "front"}),
        expect={
            "GET": client_own(OK),
            # No file sent: the form comes back with its message.
            "POST": client_own(Expect(400)),
        },
    ),
    "squat-video:delete": View(
        kwargs=squat_video_a,
        expect={
            "GET": post_only(),
            "POST": client_object(redirect("/plan/squat-video/")),
        },
    ),
    "videos:review": View(kwargs=squat_video_a, expect={"GET": coach_object(OK)}),
    # The clip was deleted at review: nobody gets it; others do not learn it existed.
    "videos:clip": View(kwargs=squat_video_a, expect={"GET": coach_object(MISSING)}),
    "videos:still": View(
        kwargs=lambda tenants: {"video_id": tenants.a.squat_video_id, "rep": 1},
        expect={"GET": coach_object(MISSING)},
    ),
    "videos:flag": View(
        kwargs=squat_video_a,
        data=constant({"code": "knee_valgus", "side": "left", "verdict": "confirmed"}),
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/videos/")),
        },
    ),
    "videos:finish": View(
        kwargs=squat_video_a,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/videos/")),
        },
    ),
    "videos:compare": View(
        kwargs=lambda tenants: {
            "video_id": tenants.a.squat_video_id,
            "other_id": tenants.a.other_video_id,
        },
        expect={"GET": coach_object(OK)},
    ),
    # Fetched by browsers without cookies; nothing personal in them.
    "plan:manifest": View(expect={"GET": everyone(OK)}),
    "plan:service-worker": View(expect={"GET": everyone(OK)}),
    # Routed only for the load benchmark (WEAKLINK_BENCH=1): a template, no data.
    "bench-baseline": View(expect={"GET": everyone(OK)}),
    "bench-signed-in": View(expect={"GET": signed_in(OK)}),
    # --- a coach's own drills ---
    "drills:list": View(expect={"GET": coach_own(OK)}),
    "drills:create": View(
        data=constant(DRILL_FORM),
        expect={
            "GET": coach_own(OK),
            "POST": coach_own(redirect("/drills/")),
            "HX-POST": coach_own(hx_redirect("/drills/")),
        },
    ),
    "drills:edit": View(
        kwargs=lambda tenants: {"drill_id": tenants.a.private_drill_id},
        data=constant(DRILL_FORM),
        expect={
            "GET": coach_object(OK),
            "POST": coach_object(redirect("/drills/")),
            "HX-POST": coach_object(hx_redirect("/drills/")),
        },
    ),
    "drills:delete": View(
        kwargs=lambda tenants: {"drill_id": tenants.a.private_drill_id},
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/drills/")),
            "HX-POST": coach_object(hx_redirect("/drills/")),
        },
    ),
    "drills:preference": View(
        data=constant({"use_private_drills": "on"}),
        expect={
            "GET": post_only(),
            "POST": coach_own(redirect("/drills/")),
            "HX-POST": coach_own(PARTIAL),
        },
    ),
}

# Unnamed patterns outside the admin, declared by their route.
ROUTES: dict[str, View] = {
    # Uploaded media in DEBUG only (config/urls.py); production serves them elsewhere.
    "^media/(?P<path>.*)$": View(
        kwargs=lambda tenants: {"path": "no-such-file.png"},
        expect={"GET": signed_in(MISSING)},
    ),
}
# Declared patterns that exist only in some set-ups (DEBUG, the benchmark).
OPTIONAL = {"^media/(?P<path>.*)$", "bench-baseline", "bench-signed-in"}


# --- the admin, one family ------------------------------------------------------------

ADMIN_PREFIX = "admin/"
# Models a library editor may see in the admin; every other model is 403 for them.
EDITOR_MODELS = {"programs.drill"}
# Admin views that answer staff with something other than the page itself.
ADMIN_SPECIAL = {
    # Django's admin logout is POST only.
    "admin:logout": {"GET": NOT_ALLOWED},
    # Without app_label, model_name and field_name there is nothing to complete.
    "admin:autocomplete": {"GET": DENIED},
    # A move is POST only.
    "admin:programs_drill_move": {"GET": NOT_ALLOWED},
    # No model here has get_absolute_url: nothing to view on site.
    "admin:view_on_site": {"GET": MISSING},
    # Task results (django-tasks-db) are written by the worker only: the admin reads them.
    "admin:django_tasks_database_dbtaskresult_add": {"GET": DENIED},
    # The admin's session is tenant A's final one: read-only, never deleted.
    "admin:assessments_assessmentsession_delete": {"GET": DENIED},
    "admin:django_tasks_database_dbtaskresult_delete": {"GET": DENIED},
}


def admin_expect(name: str | None, route: str, method: str) -> Roles:
    """Every admin URL: people who are not staff go to the admin login; staff by permission."""
    if name == "admin:login":
        signed = {role: redirect("/admin/") for role in ("editor", "superuser")}
        return {**everyone(OK), **signed}
    model = admin_model(route)
    special = ADMIN_SPECIAL.get(name or "", {}).get(method)
    if name is None and route.endswith("(?P<url>.*)$"):
        staff_ok = MISSING  # the catch-all: an unknown admin page
    elif name is None:
        staff_ok = redirect("/admin/")  # <object_id>/ redirects to <object_id>/change/
    else:
        staff_ok = special or OK
    editor_ok = staff_ok
    if model is not None and model not in EDITOR_MODELS and name is not None:
        editor_ok = DENIED
    if name == "admin:app_list":
        editor_ok = OK  # the programs app, which holds the drills
    if name == "admin:auth_user_password_change":
        editor_ok = DENIED
    # Site-wide admin views send strangers to the admin's login, model views to the site's.
    anonymous = ADMIN_LOGIN if model is None else LOGIN
    # The admin sends signed-in people who are not staff to its login page (from
    # logout: to its index, which does the same).
    outsider = redirect("/admin/") if name == "admin:logout" else ADMIN_LOGIN
    return roles(
        anonymous=anonymous,
        client_a=outsider,
        client_b=outsider,
        coach_a=outsider,
        coach_b=outsider,
        editor=editor_ok,
        superuser=staff_ok,
    )


ADMIN_MODEL_ROUTE = re.compile(r"^admin/(\w+)/(\w+)/")


def admin_model(route: str) -> str | None:
    match = ADMIN_MODEL_ROUTE.match(route)
    if match is None:
        return None
    if route.startswith("admin/clients/user/<id>/password/"):
        return "clients.user"
    try:
        apps.get_model(match[1], match[2])
    except (LookupError, ValueError):
        return None
    return f"{match[1]}.{match[2]}"


def task_result_id() -> str:
    """A queued task in the database, as the worker would find it."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    return str(
        DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="clients.tasks.email_send",
            backend_name="default",
            run_after=get_date_max(),
            exception_class_path="",
            traceback="",
        ).pk
    )


def admin_object_id(model: str, tenants: Tenants) -> int | str:
    from django.contrib.auth.models import Group

    if model == "auth.group":
        return Group.objects.get(name="Library editors").pk
    if model == "django_tasks_database.dbtaskresult":
        return task_result_id()
    return {
        "clients.user": tenants.a.coach.pk,
        "clients.client": tenants.a.client.pk,
        "assessments.assessmentsession": tenants.a.final_session_id,
        "programs.drill": tenants.shared_drill_id,
        "programs.program": tenants.a.program_id,
        "programs.prescription": tenants.a.prescription_id,
        "programs.completion": tenants.a.completion_id,
        "programs.painreport": tenants.a.pain_report_id,
    }[model]


def admin_kwargs(route: str, tenants: Tenants) -> dict:
    model = admin_model(route)
    kwargs: dict[str, object] = {}
    names = set(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
    names = {a or b for a, b in names}
    if "object_id" in names and "content_type_id" in names:
        from clients.models import Client

        kwargs["content_type_id"] = ContentType.objects.get_for_model(Client).pk
        kwargs["object_id"] = tenants.a.client.pk
    elif "object_id" in names or "id" in names:
        assert model is not None, route
        kwargs["object_id" if "object_id" in names else "id"] = admin_object_id(
            model, tenants
        )
    if "drill_id" in names:
        kwargs["drill_id"] = tenants.shared_drill_id
    if "direction" in names:
        kwargs["direction"] = "down"
    if "app_label" in names:
        kwargs["app_label"] = "programs"
    if "url" in names:
        kwargs["url"] = "no-such-page/"
    return kwargs


# --- every URL pattern ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Route:
    key: str  # the URL name with its namespace, else the route
    name: str | None
    route: str  # the whole route from the site root


def walk(
    patterns: list, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (
                f"{namespace}:{pattern.name}" if namespace else pattern.name
            )
            yield prefix + str(pattern.pattern), name


def every_route() -> list[Route]:
    return [
        Route(key=name or route, name=name, route=route)
        for route, name in walk(get_resolver().url_patterns)
    ]


def fill(route: str, kwargs: dict) -> str:
    """A path for a route without a name: each converter or named group replaced by its value."""

    def value(match: re.Match) -> str:
        return str(kwargs[match[1] or match[2]])

    path = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", value, route)
    return "/" + path.replace("^", "").replace("$", "")


# --- cases ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    route: Route
    role: str
    method: str  # GET, POST, HX-GET, HX-POST
    expect: Expect | None  # None: the route has no declaration
    view: View | None = None

    @property
    def id(self) -> str:
        return f"{self.route.key}-{self.role}-{self.method}"

    def url(self, tenants: Tenants) -> str:
        if self.route.route.startswith(ADMIN_PREFIX):
            kwargs = admin_kwargs(self.route.route, tenants)
        else:
            assert self.view is not None
            kwargs = self.view.kwargs(tenants)
        path = (
            reverse(self.route.name, kwargs=kwargs)
            if self.route.name
            else fill(self.route.route, kwargs)
        )
        if self.view is not None and self.view.query:
            path += "?" + self.view.query.format(phase_id=tenants.a.phase_id)
        return path

    def data(self, tenants: Tenants) -> dict:
        if self.view is None:
            return ADMIN_POST_DATA.get(self.route.name or "", {})
        return self.view.data(tenants)


# Admin POSTs worth sending for every role: the drill library's own write views
# and deletes (the client's one without "post=yes": only the confirmation).
ADMIN_POSTS = {
    "admin:programs_drill_move": roles(
        anonymous=LOGIN,
        client_a=ADMIN_LOGIN,
        client_b=ADMIN_LOGIN,
        coach_a=ADMIN_LOGIN,
        coach_b=ADMIN_LOGIN,
        editor=redirect("/admin/programs/drill/"),
        superuser=redirect("/admin/programs/drill/"),
    ),
    "admin:programs_drill_delete": roles(
        anonymous=LOGIN,
        client_a=ADMIN_LOGIN,
        client_b=ADMIN_LOGIN,
        coach_a=ADMIN_LOGIN,
        coach_b=ADMIN_LOGIN,
        # Deleted, or refused when programs use it: back to the drill pages either way.
        editor=redirect("/admin/programs/drill/"),
        superuser=redirect("/admin/programs/drill/"),
    ),
    "admin:login": everyone(OK),  # wrong credentials: the form again
    "admin:logout": roles(
        anonymous=ADMIN_LOGIN,
        client_a=redirect("/admin/"),
        client_b=redirect("/admin/"),
        coach_a=redirect("/admin/"),
        coach_b=redirect("/admin/"),
        # Signed out, then to LOGOUT_REDIRECT_URL.
        editor=redirect(LOGIN_URL),
        superuser=redirect(LOGIN_URL),
    ),
    "admin:clients_client_delete": roles(
        anonymous=LOGIN,
        client_a=ADMIN_LOGIN,
        client_b=ADMIN_LOGIN,
        coach_a=ADMIN_LOGIN,
        coach_b=ADMIN_LOGIN,
        editor=DENIED,
        superuser=OK,  # the confirmation page: "yes" was not sent
    ),
}


ADMIN_POST_DATA = {
    "admin:programs_drill_delete": {"post": "yes"},
    "admin:login": {"username": "nobody", "password": "wrong"},
}


def cases() -> list[Case]:
    found: list[Case] = []
    for route in every_route():
        if route.route.startswith(ADMIN_PREFIX):
            for role, expect in admin_expect(route.name, route.route, "GET").items():
                found.append(Case(route, role, "GET", expect))
            for role, expect in ADMIN_POSTS.get(route.name or "", {}).items():
                found.append(Case(route, role, "POST", expect))
            continue
        view = VIEWS.get(route.name) if route.name else ROUTES.get(route.route)
        if view is None:
            found.append(Case(route, "any", "any", None))
            continue
        for method, by_role in view.expect.items():
            for role in ROLES:
                found.append(Case(route, role, method, by_role[role], view))
    return found


def stale_declarations() -> list[str]:
    """Declarations whose URL no longer exists (a renamed view would escape the matrix)."""
    routes = every_route()
    names = {route.name for route in routes}
    paths = {route.route for route in routes}
    return sorted(
        [name for name in VIEWS if name not in names and name not in OPTIONAL]
        + [route for route in ROUTES if route not in paths and route not in OPTIONAL]
        + [name for name in ADMIN_SPECIAL if name not in names]
        + [name for name in ADMIN_POSTS if name not in names]
    )

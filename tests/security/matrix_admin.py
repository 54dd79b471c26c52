"""The admin in the authorization matrix: one family of URLs, a rule per role and permission."""

from __future__ import annotations

import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from tests.security.matrix_expect import (
    ADMIN_LOGIN,
    DENIED,
    LOGIN,
    LOGIN_URL,
    MISSING,
    NOT_ALLOWED,
    OK,
    Roles,
    everyone,
    redirect,
    roles,
)
from tests.security.tenants import Tenants

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

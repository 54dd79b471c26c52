"""The site's own URLs and the accounts' (sign in and out, password)."""

from __future__ import annotations

from tests.security.matrix_expect import (
    DENIED,
    LOGIN,
    LOGIN_URL,
    NOT_ALLOWED,
    OK,
    Expect,
    View,
    constant,
    everyone,
    post_only,
    redirect,
    roles,
    signed_in,
)

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
    # A person's own settings; a client's zone is the coach's to set (client form).
    "account-settings": View(
        data=constant({"time_zone": "Australia/Sydney", "distance_unit": "in"}),
        expect={
            "GET": {**signed_in(OK), "client_a": DENIED, "client_b": DENIED},
            "POST": {
                **signed_in(redirect("/accounts/settings/")),
                "client_a": DENIED,
                "client_b": DENIED,
            },
        },
    ),
    # The browser's zone on first sign-in (static/js/time-zone.js): about oneself only.
    "account-time-zone": View(
        data=constant({"time_zone": "Australia/Sydney"}),
        expect={"GET": post_only(), "POST": signed_in(Expect(204))},
    ),
}

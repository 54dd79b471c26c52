"""The clients app's URLs: the client list and page, records, personal links, reminders."""

from __future__ import annotations

from clients.reminders import unsubscribe_token
from tests.security.matrix_expect import (
    CLEARANCE_FORM,
    CLIENT_FORM,
    NOT_ALLOWED,
    OK,
    OVERRIDE_FORM,
    PARTIAL,
    View,
    client_a,
    client_own,
    coach_object,
    coach_own,
    constant,
    everyone,
    hx_redirect,
    pain_alert_a,
    post_only,
    redirect,
    referral_a,
    signed_in,
    step_down_a,
)

VIEWS: dict[str, View] = {
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
    # Shown again without revoking it, and sent by email: coach A only.
    "links:show": View(
        kwargs=client_a,
        expect={
            "GET": post_only(),
            "POST": coach_object(OK),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    "links:email": View(
        kwargs=client_a,
        expect={
            "GET": post_only(),
            "POST": coach_object(redirect("/clients/")),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    # --- messages: one thread per client ---
    # A coach reads only their own client's thread (another coach's is 404).
    "clients:messages": View(
        kwargs=client_a,
        data=constant({"body": "Matrix message"}),
        expect={
            "GET": coach_object(OK),
            "HX-GET": coach_object(PARTIAL),
            "POST": coach_object(redirect("/clients/")),
            "HX-POST": coach_object(PARTIAL),
        },
    ),
    # A client reads only their own thread: the URL names no client to change.
    "plan-messages:thread": View(
        data=constant({"body": "Matrix message"}),
        expect={
            "GET": client_own(OK),
            "HX-GET": client_own(PARTIAL),
            "POST": client_own(redirect("/plan/messages/")),
            "HX-POST": client_own(PARTIAL),
        },
    ),
    # Preview as the client: coach A reads; nothing is ever written through it.
    "clients:preview": View(
        kwargs=client_a,
        expect={"GET": coach_object(OK), "POST": signed_in(NOT_ALLOWED)},
    ),
    # Whoever holds the link is signed in as the client: it is the client's key.
    "links:open": View(
        kwargs=lambda tenants: {"token": tenants.a.link_token},
        expect={"GET": everyone(redirect("/plan/"))},
    ),
    # The client's own reminder choice (phone).
    "reminders:edit": View(
        data=constant(
            {"reminders_on": "on", "email": "a@example.com", "reminder_time": "07:30"}
        ),
        expect={"GET": client_own(OK), "POST": client_own(redirect("/reminders/"))},
    ),
    # The email's stop link: the signed token is the key, no sign-in (it can only
    # turn reminders off, and asks first on GET).
    "reminders:stop": View(
        kwargs=lambda tenants: {"token": unsubscribe_token(tenants.a.client)},
        expect={"GET": everyone(OK), "POST": everyone(OK)},
    ),
}

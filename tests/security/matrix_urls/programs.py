"""The programs app's URLs: the coach's program pages, the client's plan, the coach's own drills."""

from __future__ import annotations

from tests.security.matrix_expect import (
    DRILL_FORM,
    OK,
    PARTIAL,
    View,
    add_drill,
    client_object,
    client_own,
    coach_object,
    coach_own,
    constant,
    dose,
    draft_program_a,
    draft_program_version,
    final_session_a,
    hx_redirect,
    post_only,
    prescription_a,
    program_a,
    program_version,
    redirect,
)

VIEWS: dict[str, View] = {
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

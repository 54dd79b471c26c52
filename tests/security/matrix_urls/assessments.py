"""The assessments app's URLs: sessions, rules, squat videos."""

from __future__ import annotations

from tests.security.matrix_expect import (
    MISSING,
    OK,
    PARTIAL,
    SESSION_FORM,
    Expect,
    View,
    client_a,
    client_object,
    client_own,
    coach_object,
    constant,
    draft_session_a,
    everyone,
    final_session_a,
    hx_redirect,
    post_only,
    redirect,
    signed_in,
    squat_video_a,
)

VIEWS: dict[str, View] = {
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
}

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.referrals import open_referrals, referral_override
from programs.models import Completion, Drill, PainReport, Program
from programs.plan.log import completion_toggle, pain_report_save
from programs.services import program_archive
from tests.factory import (
    make_client,
    make_client_user,
    make_coach,
    make_library_editor,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db

PLAN = reverse("plan:today")


def make_plan_client(**session_fields: Any):
    """A client with a published program and their own sign-in."""
    client = make_client()
    program = make_program(session=make_session(client=client, **session_fields))
    user = make_client_user(client=client)
    return client, program, user


def first_prescription(program: Program):
    return program.phases.get(number=1).prescriptions.select_related("drill").first()


def add_history(client, program: Program, *, days: int, sessions: int) -> None:
    """Weeks of completions, pain reports and sessions: data that must not add queries."""
    prescriptions = list(program.phases.get(number=1).prescriptions.all())
    today = timezone.localdate()
    for offset in range(1, days + 1):
        for prescription in prescriptions:
            completion_toggle(
                client=client,
                prescription=prescription,
                on_date=today - timedelta(days=offset),
            )
        pain_report_save(
            client=client, on_date=today - timedelta(days=offset), pain=offset % 11
        )
    for number in range(sessions):
        make_session(
            client=client, assessed_on=date(2026, 1, 1) + timedelta(days=number)
        )


def test_it_sends_strangers_to_sign_in(client) -> None:
    response = client.get(PLAN)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("make_staff", [make_coach, make_library_editor])
def test_it_forbids_coaches_and_editors(client, make_staff) -> None:
    _, program, _ = make_plan_client()
    client.force_login(make_staff())
    assert client.get(PLAN).status_code == 403
    assert (
        client.post(
            reverse("plan:toggle-done", args=[first_prescription(program).pk])
        ).status_code
        == 403
    )
    assert client.post(reverse("plan:pain"), {"pain": "3"}).status_code == 403
    assert not Completion.objects.exists()


def test_it_shows_todays_drills_with_dose_cues_and_reasons(client) -> None:
    _, program, user = make_plan_client()
    client.force_login(user)
    response = client.get(PLAN)
    assert response.status_code == 200
    page = response.content.decode()
    prescription = first_prescription(program)
    assert prescription.drill.name in page
    assert "3 sets × 60 s, left leg only" in page
    assert prescription.drill.cues[0] in page
    assert (
        "Your left ankle bends less than it should: knee-to-wall 7.0 cm, we aim for 10 cm."
        in page
    )
    assert "Restore" in page and program.phases.get(number=1).goal in page
    assert f'action="{reverse("plan:toggle-done", args=[prescription.pk])}"' in page
    assert 'rel="manifest"' in page and "<svg" in page and "aim 10 cm" in page
    # CSP: no inline script or style anywhere on the page.
    assert "<script>" not in page and 'style="' not in page and "hx-on" not in page


def test_it_shows_only_the_signed_in_clients_plan(client) -> None:
    _, mine, user = make_plan_client()
    other = make_client(name="Someone Else")
    theirs = make_program(session=make_session(client=other))
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert "Someone Else" not in page
    assert f"drill-card-{first_prescription(theirs).pk}" not in page
    assert f"drill-card-{first_prescription(mine).pk}" in page


def test_it_says_kindly_when_no_plan_is_published(client) -> None:
    client_profile = make_client()
    client.force_login(make_client_user(client=client_profile))
    response = client.get(PLAN)
    assert response.status_code == 200
    assert "Your coach has not published your plan yet" in response.content.decode()


def test_it_pauses_the_plan_of_a_client_referred_by_a_session(client) -> None:
    client_profile, program, user = make_plan_client()
    make_session(
        client=client_profile,
        assessed_on=date(2026, 11, 20),
        knee_pain_nrs=8,
        red_flags=["swelling"],
    )
    coach = client_profile.coach
    coach.first_name, coach.last_name = "Dana", "Reyes"
    coach.save(update_fields=["first_name", "last_name"])
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert "your coach Dana Reyes knows" in page
    assert "drill-card-" not in page and "Mark done" not in page


def test_it_words_a_program_built_after_a_clearance_gently(client) -> None:
    client_profile = make_client()
    session = make_session(
        client=client_profile, knee_pain_nrs=8, red_flags=["swelling"]
    )
    for referral in open_referrals(client_profile):
        referral_override(
            referral=referral,
            user=client_profile.coach,
            reason="Red flag ticked in error by the coach.",
        )
    program = make_program(session=session)
    assert program.refer_out
    user = make_client_user(client=client_profile)
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert "built after a clinician cleared you" in page
    assert "drill-card-" in page
    loaded = Program.objects.get(pk=program.pk).phases.filter(
        number__lte=2, prescriptions__drill__loaded=True
    )
    assert not loaded.exists()


def test_it_marks_a_drill_done_and_undoes_it_without_javascript(client) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    url = reverse("plan:toggle-done", args=[prescription.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}#drill-card-{prescription.pk}"
    assert Completion.objects.get(
        prescription=prescription, on_date=timezone.localdate()
    ).done
    page = client.get(PLAN).content.decode()
    assert "Done ✓" in page and "Undo" in page
    client.post(url)
    assert not Completion.objects.get(prescription=prescription).done
    assert "Done ✓" not in client.get(PLAN).content.decode()


def test_it_returns_the_card_to_htmx(client) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    client.force_login(user)
    response = client.post(
        reverse("plan:toggle-done", args=[prescription.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert f'id="drill-card-{prescription.pk}"' in fragment
    assert "Done ✓" in fragment and "Undo" in fragment
    assert 'id="week-count" class="stats" hx-swap-oob="true"' in fragment
    # One session this week: "1 of 3 sessions", or "1 session (0 planned)" on a rest day.
    assert "<dt>This week</dt><dd>1 of " in fragment or (
        "<dt>This week</dt><dd>1 session (" in fragment
    )


def test_it_hides_other_clients_drills_from_the_toggle(client) -> None:
    _, _, user = make_plan_client()
    other = make_program()
    client.force_login(user)
    response = client.post(
        reverse("plan:toggle-done", args=[first_prescription(other).pk])
    )
    assert response.status_code == 404
    assert not Completion.objects.exists()


def test_it_does_not_toggle_drills_of_an_archived_program(client) -> None:
    _, program, user = make_plan_client()
    prescription = first_prescription(program)
    program_archive(program=program, seen_version=program.version)
    client.force_login(user)
    assert (
        client.post(reverse("plan:toggle-done", args=[prescription.pk])).status_code
        == 404
    )


def test_it_refuses_a_get_on_the_toggle(client) -> None:
    _, program, user = make_plan_client()
    client.force_login(user)
    assert (
        client.get(
            reverse("plan:toggle-done", args=[first_prescription(program).pk])
        ).status_code
        == 405
    )


def test_it_saves_todays_pain_and_shows_it_after_reload(client) -> None:
    client_profile, _, user = make_plan_client()
    client.force_login(user)
    response = client.post(reverse("plan:pain"), {"pain": "3", "note": "a bit stiff"})
    assert response.status_code == 302
    report = PainReport.objects.get(client=client_profile)
    assert (report.pain, report.note, report.on_date) == (
        3,
        "a bit stiff",
        timezone.localdate(),
    )
    page = client.get(PLAN).content.decode()
    assert "You reported 3/10 today" in page
    assert 'value="3" id="id_pain_3" required checked' in page
    assert 'value="a bit stiff"' in page
    client.post(reverse("plan:pain"), {"pain": "5", "note": ""})
    assert PainReport.objects.get(client=client_profile).pain == 5


def test_it_returns_the_pain_form_to_htmx(client) -> None:
    _, _, user = make_plan_client()
    client.force_login(user)
    response = client.post(
        reverse("plan:pain"), {"pain": "4"}, headers={"HX-Request": "true"}
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment and 'id="pain-form"' in fragment
    assert "Saved: 4/10" in fragment


@pytest.mark.parametrize("pain", ["", "11", "-1", "lots"])
def test_it_brings_a_bad_pain_rating_back_with_the_note_kept(client, pain: str) -> None:
    _, _, user = make_plan_client()
    client.force_login(user)
    response = client.post(
        reverse("plan:pain"), {"pain": pain, "note": "knee felt odd"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="knee felt odd"' in page
    assert 'class="error" id="pain-error"' in page
    assert not PainReport.objects.exists()
    htmx = client.post(
        reverse("plan:pain"), {"pain": pain}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200 and 'id="pain-error"' in htmx.content.decode()


def test_it_serves_the_manifest_to_anyone(client) -> None:
    response = client.get(reverse("plan:manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == PLAN and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"]
    assert manifest["icons"][0]["src"].endswith("icon.svg")


def test_it_serves_the_service_worker_for_the_plan_scope(client) -> None:
    response = client.get(reverse("plan:service-worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert f'const PAGE = "{PLAN}"' in script
    assert (
        "/static/css/plan.css" in script
        and "/static/django_htmx/htmx-2.min.js" in script
    )
    assert 'request.method !== "GET"' in script


def test_it_pins_the_plan_page_queries(client, django_assert_max_num_queries) -> None:
    client_profile, program, user = make_plan_client()
    client.force_login(user)
    # 14: the unread count on the messages link is one.
    with django_assert_max_num_queries(14):
        assert client.get(PLAN).status_code == 200
    # The same page again comes from the page cache: session, user, profile with the library stamp.
    with django_assert_max_num_queries(3):
        assert client.get(PLAN).status_code == 200
    add_history(client_profile, program, days=30, sessions=10)
    with django_assert_max_num_queries(14):
        page = client.get(PLAN)
    assert page.status_code == 200


def test_it_pins_the_toggle_queries(client, django_assert_max_num_queries) -> None:
    client_profile, program, user = make_plan_client()
    prescription = first_prescription(program)
    url = reverse("plan:toggle-done", args=[prescription.pk])
    client.force_login(user)
    with django_assert_max_num_queries(14):
        client.post(url, headers={"HX-Request": "true"})
    add_history(client_profile, program, days=30, sessions=10)
    with django_assert_max_num_queries(14):
        response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_it_leaves_out_a_drill_the_client_must_now_avoid(client) -> None:
    client_profile, program, user = make_plan_client()
    shown = first_prescription(program)
    kept = program.phases.get(number=1).prescriptions.exclude(pk=shown.pk).first()
    Drill.objects.filter(pk__in=[shown.drill_id, kept.drill_id]).update(
        contraindication_codes=["no_kneeling"]
    )
    kept.override_reason = "Padded mat; kneels without pain."
    kept.save(update_fields=["override_reason"])
    client_profile.contraindication_codes = ["no_kneeling"]
    client_profile.save()
    client.force_login(user)
    page = client.get(PLAN).content.decode()
    assert f"drill-card-{shown.pk}" not in page
    assert f"drill-card-{kept.pk}" in page

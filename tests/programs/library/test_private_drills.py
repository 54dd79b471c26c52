"""A coach's own drills: theirs alone, and used by the engine only when they opt in."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.html import escape

from assessments.core.types import CONTRAINDICATIONS
from clients.models import User
from programs.library.forms import PAIN_CEILING_RULE
from programs.models import Drill, DrillRevision, Prescription
from programs.services import drill_catalogue
from tests.factory import (
    load_library,
    make_client,
    make_client_user,
    make_coach,
    make_program,
    make_session,
)
from tests.programs.library.admin_helpers import (
    code_names_shown,
    signed_in,
    visible_text,
)

pytestmark = pytest.mark.django_db


def drill_form(**changes: Any) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Towel calf stretch",
        "ladder": "",
        "next_rung": "",
        "region": "ankle",
        "purpose": "mobility",
        "sets": "2",
        "reps": "",
        "seconds": "45",
        "tempo": "",
        "cues": "Keep the knee straight\nPull the towel gently",
        "contraindications": "",
        "finding_codes": ["ankle_dorsiflexion_restricted"],
        "instructions": "Sit with the leg long and pull the towel toward you.",
        "media_url": "",
    }
    data.update(changes)
    return data


def make_private_drill(coach: User, name: str = "My drill", **fields: Any) -> Drill:
    values: dict[str, object] = {
        "name": name,
        "ladder": f"{coach.pk}-own",
        "region": "ankle",
        "purpose": "mobility",
        "sets": 2,
        "seconds": 30,
        "instructions": "Slowly.",
        "finding_codes": ["ankle_dorsiflexion_restricted"],
        "owner": coach,
    }
    values.update(fields)
    return Drill.objects.create(
        slug=f"{coach.pk}-{name.lower().replace(' ', '-')}", **values
    )


def test_it_creates_a_private_drill_with_a_unique_slug() -> None:
    coach = make_coach()
    browser = signed_in(coach)
    for _ in range(2):
        response = browser.post("/drills/new/", drill_form())
        assert response.status_code == 302 and response["Location"] == "/drills/"
    first, second = Drill.objects.filter(owner=coach).order_by("pk")
    assert first.slug == f"{coach.pk}-towel-calf-stretch"
    assert second.slug == f"{coach.pk}-towel-calf-stretch-2"
    assert first.cues == ["Keep the knee straight", "Pull the towel gently"]
    assert first.ladder == first.slug
    assert first.revisions.get().author == coach
    assert first.revisions.get().source == DrillRevision.Source.COACH


def test_it_lists_only_the_coachs_own_drills() -> None:
    load_library()
    coach, other = make_coach(), make_coach()
    make_private_drill(coach, "Mine")
    make_private_drill(other, "Theirs")
    page = signed_in(coach).get("/drills/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert "Glute bridge" not in page


def test_another_coach_gets_404_on_a_private_drill() -> None:
    coach, other = make_coach(), make_coach()
    drill = make_private_drill(coach, "Mine")
    browser = signed_in(other)
    assert browser.get(f"/drills/{drill.pk}/edit/").status_code == 404
    response = browser.post(f"/drills/{drill.pk}/edit/", drill_form(name="Stolen"))
    assert response.status_code == 404
    drill.refresh_from_db()
    assert drill.name == "Mine"


def test_a_coach_cannot_edit_a_shared_drill_from_the_coach_pages() -> None:
    load_library()
    drill = Drill.objects.get(slug="glute-bridge")
    assert signed_in(make_coach()).get(f"/drills/{drill.pk}/edit/").status_code == 404


def test_clients_get_403() -> None:
    client_user = make_client_user(client=make_client())
    browser = signed_in(client_user)
    assert browser.get("/drills/").status_code == 403
    assert browser.post("/drills/new/", drill_form()).status_code == 403


def test_it_edits_a_private_drill_and_keeps_the_history() -> None:
    coach = make_coach()
    drill = make_private_drill(coach, "Mine", cues=["Old"])
    response = signed_in(coach).post(
        f"/drills/{drill.pk}/edit/",
        drill_form(name="Mine", cues="New cue", retired="on"),
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.cues == ["New cue"] and drill.retired_at is not None
    revision = drill.revisions.get()
    assert revision.changes["cues"] == [["Old"], ["New cue"]]
    page = signed_in(coach).get(f"/drills/{drill.pk}/edit/").content.decode()
    assert "Old → New cue" in page


def test_a_bad_form_comes_back_with_the_input_and_the_message() -> None:
    coach = make_coach()
    response = signed_in(coach).post(
        "/drills/new/", drill_form(sets="0", cues="Typed cue")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Typed cue</textarea>" in page
    assert 'id="id_sets_error"' in page
    assert not Drill.objects.filter(owner=coach).exists()


def test_private_ladders_link_only_the_coachs_own_drills() -> None:
    load_library()
    coach = make_coach()
    mine = make_private_drill(coach, "Mine")
    shared = Drill.objects.get(slug="glute-bridge")
    response = signed_in(coach).post(
        f"/drills/{mine.pk}/edit/",
        drill_form(name="Mine", ladder=mine.ladder, next_rung=shared.pk),
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_engine_leaves_private_drills_out_unless_the_coach_opts_in() -> None:
    load_library()
    coach = make_coach()
    mine = make_private_drill(coach, "Aaa first ankle drill", ladder="ankle", rung=1)
    assert mine.slug not in {d.slug for d in drill_catalogue()}
    client = make_client(coach=coach)
    program = make_program(session=make_session(client=client), publish=False)
    assert not Prescription.objects.filter(phase__program=program, drill=mine).exists()
    signed_in(coach).post("/drills/preference/", {"use_private_drills": "on"})
    coach.refresh_from_db()
    assert coach.use_private_drills
    assert mine.slug in {d.slug for d in drill_catalogue(owner=coach)}
    program = make_program(session=make_session(client=client), publish=False)
    assert Prescription.objects.filter(phase__program=program, drill=mine).exists()


def test_another_coachs_opt_in_never_shares_a_drill() -> None:
    load_library()
    coach, other = make_coach(), make_coach(use_private_drills=True)
    mine = make_private_drill(coach, "Aaa first ankle drill", ladder="ankle", rung=1)
    program = make_program(
        session=make_session(client=make_client(coach=other)), publish=False
    )
    assert not Prescription.objects.filter(phase__program=program, drill=mine).exists()


def test_the_preference_form_answers_htmx_with_its_partial() -> None:
    coach = make_coach()
    response = signed_in(coach).post(
        "/drills/preference/", {"use_private_drills": "on"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="drill-preference"')
    assert "<html" not in page and "checked" in page
    response = signed_in(coach).post("/drills/preference/", {})
    assert response.status_code == 302
    coach.refresh_from_db()
    assert not coach.use_private_drills


def test_the_list_query_count_does_not_grow(django_assert_max_num_queries) -> None:
    coach = make_coach()
    browser = signed_in(coach)
    for number in range(3):
        make_private_drill(coach, f"Drill {number}")
    with django_assert_max_num_queries(6):
        assert browser.get("/drills/").status_code == 200
    for number in range(3, 30):
        make_private_drill(coach, f"Drill {number}")
    with django_assert_max_num_queries(6):
        assert browser.get("/drills/").status_code == 200


def test_a_coach_deletes_an_unused_drill_and_its_ladder_closes_the_gap() -> None:
    coach = make_coach()
    low = make_private_drill(coach, "Low rung", rung=1)
    middle = make_private_drill(coach, "Middle rung", rung=2)
    high = make_private_drill(coach, "High rung", rung=3)
    Drill.objects.filter(pk=low.pk).update(next_rung=middle)
    Drill.objects.filter(pk=middle.pk).update(next_rung=high)
    browser = signed_in(coach)
    edit_page = browser.get(f"/drills/{middle.pk}/edit/").content.decode()
    assert f'action="/drills/{middle.pk}/delete/"' in edit_page
    response = browser.post(f"/drills/{middle.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == "/drills/"
    assert "Middle rung deleted." in response.content.decode()
    assert not Drill.objects.filter(pk=middle.pk).exists()
    low.refresh_from_db()
    high.refresh_from_db()
    assert (low.next_rung_id, high.rung) == (high.pk, 2)


def test_a_drill_in_a_program_is_kept_and_the_coach_is_told_to_retire_it() -> None:
    load_library()
    coach = make_coach(use_private_drills=True)
    mine = make_private_drill(coach, "Aaa first ankle drill", ladder="ankle", rung=1)
    client = make_client(coach=coach, name="Kept Client")
    make_program(session=make_session(client=client), publish=False)
    assert Prescription.objects.filter(drill=mine).exists()
    response = signed_in(coach).post(f"/drills/{mine.pk}/delete/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kept Client" in page and "Retire it instead" in page
    assert Drill.objects.filter(pk=mine.pk).exists()


def test_a_coach_cannot_delete_another_coachs_or_a_shared_drill() -> None:
    load_library()
    theirs = make_private_drill(make_coach(), "Their drill")
    shared = Drill.objects.filter(owner__isnull=True).first()
    browser = signed_in(make_coach())
    for drill in (theirs, shared):
        assert drill is not None
        assert browser.post(f"/drills/{drill.pk}/delete/").status_code == 404
        assert Drill.objects.filter(pk=drill.pk).exists()


# --- contraindication codes and the pain ceiling --------------------------------------


def test_it_saves_a_private_drills_restrictions_and_pain_ceiling() -> None:
    coach = make_coach()
    response = signed_in(coach).post(
        "/drills/new/",
        drill_form(
            contraindication_codes=["irritable_anterior_knee", "no_kneeling"],
            max_pain="2",
        ),
    )
    assert response.status_code == 302
    drill = Drill.objects.get(owner=coach)
    assert drill.contraindication_codes == ["no_kneeling", "irritable_anterior_knee"]
    assert drill.max_pain == 2
    created = drill.revisions.get().changes
    assert created["contraindication_codes"] == [
        None,
        ["no_kneeling", "irritable_anterior_knee"],
    ]
    assert created["max_pain"] == [None, 2]


@pytest.mark.parametrize("typed", ["11", "-2", "a lot"])
def test_it_returns_a_bad_pain_ceiling_with_the_input_and_a_field_message(
    typed: str,
) -> None:
    coach = make_coach()
    response = signed_in(coach).post(
        "/drills/new/",
        drill_form(contraindication_codes=["no_impact"], max_pain=typed),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f'<p class="error" id="id_max_pain_error">{escape(PAIN_CEILING_RULE)}</p>'
        in page
    )
    assert f'value="{escape(typed)}"' in page
    assert 'value="no_impact" id="id_contraindication_codes_4" checked' in page
    assert code_names_shown(page) == []
    assert not Drill.objects.filter(owner=coach).exists()


def test_it_makes_an_unknown_code_a_field_error_on_the_coach_form() -> None:
    coach = make_coach()
    response = signed_in(coach).post(
        "/drills/new/", drill_form(contraindication_codes=["no_running"])
    )
    assert response.status_code == 400
    assert 'id="id_contraindication_codes_error"' in response.content.decode()
    assert not Drill.objects.filter(owner=coach).exists()


def test_it_shows_restrictions_in_words_never_codes_on_the_coach_pages() -> None:
    coach = make_coach()
    drill = make_private_drill(
        coach, "Mine", contraindication_codes=["no_single_leg"], max_pain=3
    )
    browser = signed_in(coach)
    listing = browser.get("/drills/").content.decode()
    assert "No single-leg work; Knee pain above 3/10" in visible_text(listing)
    assert code_names_shown(listing) == []
    browser.post(
        f"/drills/{drill.pk}/edit/",
        drill_form(
            name="Mine",
            ladder=drill.ladder,
            contraindication_codes=["no_single_leg", "no_loading"],
            max_pain="4",
        ),
    )
    edit_page = browser.get(f"/drills/{drill.pk}/edit/").content.decode()
    text = visible_text(edit_page)
    for words in CONTRAINDICATIONS.values():
        assert words in text
    assert "No single-leg work → No external load · No single-leg work" in text
    assert "Pain ceiling: up to 3/10 → up to 4/10" in text
    assert code_names_shown(edit_page) == []

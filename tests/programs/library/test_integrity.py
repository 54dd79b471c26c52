"""Ladders edited safely: no cycles, no orphaned rungs, no deleting drills in use."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from programs.library.files import library_export
from programs.library.services import (
    DOWN,
    UP,
    DrillProtected,
    drill_delete,
    drill_move,
    drill_save,
)
from programs.models import Drill, DrillRevision, Prescription, Program
from programs.progression.catalogue import catalogue_from_library
from programs.services import drill_catalogue
from tests.factory import (
    make_client,
    make_client_user,
    make_library_editor,
    make_program,
    make_session,
)
from tests.programs.library.admin_helpers import change_payload, signed_in

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/programs/drill/{}/change/"
ADMIN = DrillRevision.Source.ADMIN


def make_ladder(*slugs: str, ladder: str = "test") -> list[Drill]:
    drills = [
        Drill.objects.create(
            slug=slug,
            name=slug.replace("-", " ").capitalize(),
            ladder=ladder,
            rung=number,
            region="ankle",
            purpose="mobility",
            sets=2,
            seconds=30,
            instructions="Slowly.",
        )
        for number, slug in enumerate(slugs, start=1)
    ]
    for lower, upper in zip(drills, drills[1:], strict=False):
        lower.next_rung = upper
        lower.save(update_fields=["next_rung"])
    return drills


def ladder_order(ladder: str = "test") -> list[str]:
    return list(
        Drill.objects.filter(ladder=ladder)
        .order_by("rung")
        .values_list("slug", flat=True)
    )


def form_errors(response) -> dict[str, list[str]]:
    return response.context["adminform"].form.errors


# --- cycles and links ------------------------------------------------------------


def test_it_refuses_a_next_rung_that_loops_the_ladder() -> None:
    low, middle, high = make_ladder("low", "middle", "high")
    response = signed_in(make_library_editor()).post(
        CHANGE_URL.format(high.pk), change_payload(high, next_rung=low.pk)
    )
    assert response.status_code == 200
    [message] = form_errors(response)["next_rung"]
    assert "loop" in message and "High → Low → Middle → High" in message
    high.refresh_from_db()
    assert high.next_rung_id is None


def test_the_service_refuses_a_cycle_too() -> None:
    low, _, high = make_ladder("low", "middle", "high")
    high.next_rung = low
    with pytest.raises(DrillProtected, match="loop"):
        drill_save(drill=high, author=None, source=ADMIN)
    assert Drill.objects.get(pk=high.pk).next_rung_id is None


def test_it_refuses_a_next_rung_on_another_ladder_or_already_taken() -> None:
    low, middle, _ = make_ladder("low", "middle", "high")
    (other,) = make_ladder("other", ladder="elsewhere")
    stray = make_ladder("stray")[0]
    browser = signed_in(make_library_editor())
    response = browser.post(
        CHANGE_URL.format(stray.pk), change_payload(stray, next_rung=other.pk)
    )
    assert "same ladder" in form_errors(response)["next_rung"][0]
    response = browser.post(
        CHANGE_URL.format(stray.pk), change_payload(stray, next_rung=middle.pk)
    )
    assert "Middle already follows Low" in form_errors(response)["next_rung"][0]


def test_it_renumbers_the_ladder_when_a_rung_is_linked() -> None:
    low, high = make_ladder("low", "high")
    new = make_ladder("new-top")[0]
    response = signed_in(make_library_editor()).post(
        CHANGE_URL.format(high.pk), change_payload(high, next_rung=new.pk)
    )
    assert response.status_code == 302
    assert ladder_order() == ["low", "high", "new-top"]
    assert list(
        Drill.objects.filter(ladder="test")
        .order_by("rung")
        .values_list("rung", flat=True)
    ) == [1, 2, 3]


# --- orphaned rungs of published programs -------------------------------------------


def published_program() -> Program:
    return make_program(session=make_session(client=make_client(name="Maya Okafor")))


def test_it_refuses_to_move_a_drill_in_use_to_another_ladder() -> None:
    program = published_program()
    drill = Drill.objects.get(slug="knee-to-wall-rocks")
    response = signed_in(make_library_editor()).post(
        CHANGE_URL.format(drill.pk),
        change_payload(drill, ladder="elsewhere", next_rung=""),
    )
    assert response.status_code == 200
    message = " ".join(form_errors(response)["ladder"])
    assert f"Maya Okafor (program {program.pk})" in message
    drill.refresh_from_db()
    assert drill.ladder == "ankle" and drill.next_rung_id is not None


def test_it_refuses_to_unlink_the_rung_above_a_drill_in_use() -> None:
    program = published_program()
    drill = Drill.objects.get(slug="knee-to-wall-rocks")
    response = signed_in(make_library_editor()).post(
        CHANGE_URL.format(drill.pk), change_payload(drill, next_rung="")
    )
    [message] = form_errors(response)["next_rung"]
    assert "Unlinking" in message and f"Maya Okafor (program {program.pk})" in message
    drill.refresh_from_db()
    assert drill.next_rung is not None
    assert drill.next_rung.slug == "weighted-dorsiflexion-pulses"


def test_it_refuses_to_cut_a_drill_in_use_off_from_the_rung_below() -> None:
    program = published_program()
    below = Drill.objects.get(slug="knee-to-wall-rocks")
    above = Drill.objects.get(slug="weighted-dorsiflexion-pulses")
    # The weighted drill is used by a published program too.
    prescription = Prescription.objects.filter(phase__program=program).first()
    assert prescription is not None
    Prescription.objects.create(
        phase=prescription.phase, drill=above, sets=2, reps=8, order=9
    )
    drill_save_attempt = below
    drill_save_attempt.next_rung = None
    with pytest.raises(
        DrillProtected, match="Weighted .* would lose the rung below it"
    ):
        drill_save(drill=drill_save_attempt, author=None, source=ADMIN)


def test_a_draft_program_does_not_pin_the_ladder() -> None:
    make_program(publish=False)
    drill = Drill.objects.get(slug="split-squat-forward-knee-travel")
    below = Drill.objects.get(next_rung=drill)
    below.next_rung = None
    drill_save(drill=below, author=None, source=ADMIN)
    assert Drill.objects.get(pk=below.pk).next_rung_id is None


def test_moving_a_rung_is_allowed_for_drills_in_use_and_keeps_the_ladder_whole() -> (
    None
):
    published_program()
    drill = Drill.objects.get(slug="banded-ankle-distraction")
    drill_move(drill=drill, direction=UP, author=None, source=ADMIN)
    assert ladder_order("ankle") == [
        "calf-soleus-stretch",
        "knee-to-wall-rocks",
        "banded-ankle-distraction",
        "weighted-dorsiflexion-pulses",
        "split-squat-forward-knee-travel",
    ]
    drill_move(drill=drill, direction=DOWN, author=None, source=ADMIN)
    drill_move(drill=drill, direction=DOWN, author=None, source=ADMIN)
    assert ladder_order("ankle")[:3] == [
        "banded-ankle-distraction",
        "calf-soleus-stretch",
        "knee-to-wall-rocks",
    ]
    catalogue_from_library(library_export())  # raises on a broken ladder
    with pytest.raises(DrillProtected, match="already the first rung"):
        drill_move(drill=drill, direction=DOWN, author=None, source=ADMIN)


# --- deleting and retiring -------------------------------------------------------------


def test_it_refuses_to_delete_a_drill_in_use_naming_the_programs() -> None:
    program = published_program()
    drill = Drill.objects.get(slug="calf-soleus-stretch")
    browser = signed_in(make_library_editor())
    for response in (
        browser.get(f"/admin/programs/drill/{drill.pk}/delete/", follow=True),
        browser.post(
            f"/admin/programs/drill/{drill.pk}/delete/", {"post": "yes"}, follow=True
        ),
    ):
        page = response.content.decode()
        assert f"Maya Okafor (program {program.pk}, published)" in page
        assert "Retire it instead" in page
    assert Drill.objects.filter(pk=drill.pk).exists()
    with pytest.raises(DrillProtected, match=f"program {program.pk}"):
        drill_delete(drill=drill, author=None, source=ADMIN)


def test_deleting_an_unused_rung_closes_the_gap_in_its_ladder() -> None:
    low, middle, high = make_ladder("low", "middle", "high")
    response = signed_in(make_library_editor()).post(
        f"/admin/programs/drill/{middle.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert ladder_order() == ["low", "high"]
    low.refresh_from_db()
    assert low.next_rung_id == high.pk
    assert Drill.objects.get(pk=high.pk).rung == 2


def test_retiring_hides_a_drill_from_new_programs_and_keeps_old_ones() -> None:
    program = published_program()
    drill = Drill.objects.get(slug="calf-soleus-stretch")
    response = signed_in(make_library_editor()).post(
        "/admin/programs/drill/",
        {"action": "retire_drills", "_selected_action": [drill.pk], "index": "0"},
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.retired_at is not None
    assert "calf-soleus-stretch" not in {d.slug for d in drill_catalogue()}
    assert Prescription.objects.filter(phase__program=program, drill=drill).exists()
    new_program = make_program(session=make_session(client=make_client()))
    assert not Prescription.objects.filter(
        phase__program=new_program, drill=drill
    ).exists()


# --- what published programs show -----------------------------------------------------


def test_a_published_prescription_keeps_its_dose_but_shows_the_new_cue() -> None:
    program = published_program()
    drill = Drill.objects.get(slug="calf-soleus-stretch")
    prescription = Prescription.objects.get(phase__program=program, drill=drill)
    dose_before = (prescription.sets, prescription.reps, prescription.seconds)
    response = signed_in(make_library_editor()).post(
        CHANGE_URL.format(drill.pk),
        change_payload(
            drill,
            sets=5,
            seconds=90,
            cues="Heel glued to the floor\n" + "\n".join(drill.cues[1:]),
        ),
    )
    assert response.status_code == 302
    prescription.refresh_from_db()
    assert (prescription.sets, prescription.reps, prescription.seconds) == dose_before
    client_user = make_client_user(client=program.client)
    plan = signed_in(client_user).get("/plan/")
    assert plan.status_code == 200
    page = plan.content.decode()
    assert "Heel glued to the floor" in page
    assert "5 sets" not in page


# --- contraindication codes and the pain ceiling through the service ---------------


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"contraindication_codes": ["no_running"]},
            "contraindication_codes",
            "unknown code 'no_running'",
        ),
        ({"max_pain": 11}, "max_pain", "11 is not a pain ceiling"),
    ],
)
def test_it_refuses_an_unknown_code_or_a_ceiling_above_10_in_the_service(
    fields: dict[str, object], field: str, words: str
) -> None:
    [drill] = make_ladder("lone-drill")
    for name, value in fields.items():
        setattr(drill, name, value)
    with pytest.raises(ValidationError) as refused:
        drill_save(drill=drill, author=make_library_editor(), source=ADMIN)
    assert words in refused.value.message_dict[field][0]
    drill.refresh_from_db()
    assert (drill.contraindication_codes, drill.max_pain) == ([], None)
    assert not drill.revisions.exists()

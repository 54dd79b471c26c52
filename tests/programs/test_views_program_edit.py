"""Editing a program on its page: swap, dose, reorder, remove, add, and two people saving at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import Completion, Drill, Prescription, Program
from tests.factory import (
    load_library,
    make_clearance,
    make_coach,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def make_draft(**session_fields: Any) -> Program:
    """A draft from a final session; a red-flag session is cleared by a clinician first."""
    load_library()
    session = make_session(**session_fields)
    if session.refer_out:
        make_clearance(session=session)
    return make_program(session=session, publish=False)


def first_prescription(program: Program, *, phase: int = 1) -> Prescription:
    return Prescription.objects.filter(
        phase__program=program, phase__number=phase
    ).order_by("order", "id")[0]


def signed_in(client: Client, program: Program) -> Client:
    client.force_login(program.client.coach)
    return client


def swap_url(prescription: Prescription, direction: str) -> str:
    return reverse("programs:prescription-swap", args=[prescription.pk, direction])


def update_url(prescription: Prescription) -> str:
    return reverse("programs:prescription-update", args=[prescription.pk])


def version_of(program: Program) -> int:
    return Program.objects.values_list("version", flat=True).get(pk=program.pk)


def test_it_swaps_down_then_up_back_to_the_same_drill(client: Client) -> None:
    program = make_draft()
    prescription = first_prescription(program, phase=2)
    assert prescription.drill.slug == "banded-ankle-distraction"
    signed_in(client, program)
    response = client.post(swap_url(prescription, "down"), {"version": 1})
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("programs:program-detail", args=[program.pk])
        + f"#prescription-{prescription.pk}"
    )
    prescription.refresh_from_db()
    assert prescription.drill.slug == "calf-soleus-stretch"
    assert prescription.side == "left"
    assert (
        "Swapped Banded ankle distraction for Calf and soleus wall stretch."
        in client.get(response["Location"]).content.decode()
    )
    client.post(swap_url(prescription, "up"), {"version": 2})
    prescription.refresh_from_db()
    assert prescription.drill.slug == "banded-ankle-distraction"
    assert (prescription.sets, prescription.seconds) == (3, 60)
    assert version_of(program) == 3


def test_it_answers_an_htmx_swap_with_the_phases_region_and_new_version(
    client: Client,
) -> None:
    program = make_draft()
    prescription = first_prescription(program)
    response = signed_in(client, program).post(
        swap_url(prescription, "up"), {"version": 1}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="program-phases"')
    assert "<html" not in body
    assert "Swapped Calf and soleus wall stretch for Banded ankle distraction." in body
    assert 'name="version" value="2"' in body
    assert 'name="version" value="1"' not in body


def test_it_refuses_a_swap_with_no_rung_below(client: Client) -> None:
    program = make_draft()
    prescription = first_prescription(program)
    response = signed_in(client, program).post(
        swap_url(prescription, "down"), {"version": 1}
    )
    assert response.status_code == 400
    assert (
        "Calf and soleus wall stretch has no easier rung on its ladder."
        in response.content.decode()
    )
    assert version_of(program) == 1


def test_it_refuses_to_swap_to_a_loaded_rung_when_referring_out(client: Client) -> None:
    program = make_draft(red_flags=["swelling"])
    prescription = first_prescription(program)
    Prescription.objects.filter(pk=prescription.pk).update(
        drill=Drill.objects.get(slug="knee-to-wall-rocks")
    )
    response = signed_in(client, program).post(
        swap_url(prescription, "up"), {"version": 1}, headers=HTMX
    )
    assert response.status_code == 400
    assert (
        "Weighted dorsiflexion pulses is loaded. After a referral, Restore and Control hold no loaded drill."
        in response.content.decode()
    )
    prescription.refresh_from_db()
    assert prescription.drill.slug == "knee-to-wall-rocks"
    assert version_of(program) == 1


def test_it_rejects_an_unknown_swap_direction(client: Client) -> None:
    program = make_draft()
    response = signed_in(client, program).post(
        swap_url(first_prescription(program), "sideways"), {"version": 1}
    )
    assert response.status_code == 404


def test_it_changes_the_dose_and_side(client: Client) -> None:
    program = make_draft()
    prescription = first_prescription(program)
    response = signed_in(client, program).post(
        update_url(prescription),
        {
            "version": 1,
            "sets": 4,
            "reps": 12,
            "seconds": "",
            "tempo": "2-0-2",
            "side": "both",
        },
    )
    assert response.status_code == 302
    prescription.refresh_from_db()
    assert (
        prescription.sets,
        prescription.reps,
        prescription.seconds,
        prescription.tempo,
        prescription.side,
    ) == (
        4,
        12,
        None,
        "2-0-2",
        "both",
    )
    body = client.get(
        reverse("programs:program-detail", args=[program.pk])
    ).content.decode()
    assert "4 sets × 12 reps, tempo 2-0-2" in body
    assert "each side" in body


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"sets": "0", "reps": "10"}, "sets", "Between 1 and 10 sets."),
        ({"sets": "50", "reps": "10"}, "sets", "Between 1 and 10 sets."),
        (
            {"sets": "3", "reps": "", "seconds": ""},
            "reps",
            "Give reps or seconds (or both).",
        ),
        ({"sets": "3", "seconds": "9000"}, "seconds", "Between 1 and 600 seconds."),
        ({"sets": "", "reps": "10"}, "sets", "How many sets?"),
    ],
)
def test_it_keeps_a_bad_dose_with_a_message_on_the_field(
    client: Client, typed: dict, field: str, message: str
) -> None:
    program = make_draft()
    prescription = first_prescription(program)
    data = {"version": 1, "tempo": "4-4-4", "side": "right", **typed}
    response = signed_in(client, program).post(
        update_url(prescription), data, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in body
    assert (
        f'<p class="error" id="id_p{prescription.pk}_{field}_error">{message}</p>'
        in body
    )
    assert f'value="{typed["sets"]}"' in body
    assert 'value="4-4-4"' in body
    assert '<option value="right" selected>' in body
    prescription.refresh_from_db()
    assert (prescription.sets, prescription.tempo) == (3, "")
    assert version_of(program) == 1


def test_it_shows_a_bad_dose_on_the_whole_page_without_javascript(
    client: Client,
) -> None:
    program = make_draft()
    prescription = first_prescription(program)
    response = signed_in(client, program).post(
        update_url(prescription), {"version": 1, "sets": "50", "reps": "8"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "<html" in body
    assert 'details class="dose-edit" open' in body
    assert 'value="50"' in body


def test_it_refuses_the_second_of_two_saves_with_409_and_keeps_its_input(
    client: Client,
) -> None:
    program = make_draft()
    prescription = first_prescription(program)
    url = reverse("programs:program-detail", args=[program.pk])
    first, second = Client(), Client()
    for browser in (first, second):
        browser.force_login(program.client.coach)
        assert 'name="version" value="1"' in browser.get(url).content.decode()
    saved = first.post(
        update_url(prescription),
        {
            "version": 1,
            "sets": 4,
            "reps": 10,
            "seconds": "",
            "tempo": "",
            "side": "left",
        },
    )
    assert saved.status_code == 302
    refused = second.post(
        update_url(prescription),
        {
            "version": 1,
            "sets": 2,
            "reps": 15,
            "seconds": "",
            "tempo": "1-1-1",
            "side": "left",
        },
        headers=HTMX,
    )
    body = refused.content.decode()
    assert refused.status_code == 409
    assert "Someone else saved this program after you opened it" in body
    # The second person's typed values are still there, now against the current version.
    assert 'value="15"' in body
    assert 'value="1-1-1"' in body
    assert f'name="version" value="{version_of(program)}"' in body
    assert "4 sets × 10 reps" in body
    prescription.refresh_from_db()
    assert (prescription.sets, prescription.reps, prescription.tempo) == (4, 10, "")
    assert version_of(program) == 2
    # A fresh reload shows the first person's change.
    assert "4 sets × 10 reps" in second.get(url).content.decode()


def test_it_refuses_a_stale_swap_and_keeps_the_other_change(client: Client) -> None:
    program = make_draft()
    prescription = first_prescription(program)
    signed_in(client, program)
    client.post(swap_url(prescription, "up"), {"version": 1})
    response = client.post(swap_url(prescription, "up"), {"version": 1})
    assert response.status_code == 409
    assert (
        "Someone else saved this program after you opened it"
        in response.content.decode()
    )
    prescription.refresh_from_db()
    assert prescription.drill.slug == "banded-ankle-distraction"


def test_it_reorders_within_a_phase(client: Client) -> None:
    program = make_draft()
    top, below = Prescription.objects.filter(
        phase__program=program, phase__number=1
    ).order_by("order", "id")[:2]
    signed_in(client, program)
    response = client.post(
        reverse("programs:prescription-move", args=[below.pk, "up"]),
        {"version": 1},
        headers=HTMX,
    )
    assert response.status_code == 200
    order = list(
        Prescription.objects.filter(phase=top.phase)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    )
    assert order[:2] == [below.pk, top.pk]
    body = response.content.decode()
    assert body.index(f'id="prescription-{below.pk}"') < body.index(
        f'id="prescription-{top.pk}"'
    )
    refused = client.post(
        reverse("programs:prescription-move", args=[below.pk, "up"]), {"version": 2}
    )
    assert refused.status_code == 400
    assert "already first in its phase" in refused.content.decode()


def test_it_removes_a_prescription(client: Client) -> None:
    program = make_draft()
    prescription = first_prescription(program)
    response = signed_in(client, program).post(
        reverse("programs:prescription-remove", args=[prescription.pk]),
        {"version": 1},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert not Prescription.objects.filter(pk=prescription.pk).exists()
    assert f'id="prescription-{prescription.pk}"' not in response.content.decode()


def test_it_keeps_a_prescription_the_client_has_logged(client: Client) -> None:
    load_library()
    program = make_program()
    prescription = first_prescription(program)
    Completion.objects.create(
        prescription=prescription,
        client=program.client,
        on_date=program.created_at.date(),
    )
    response = signed_in(client, program).post(
        reverse("programs:prescription-remove", args=[prescription.pk]),
        {"version": program.version},
    )
    assert response.status_code == 400
    assert "has already logged" in response.content.decode()
    assert Prescription.objects.filter(pk=prescription.pk).exists()


def test_it_shows_the_library_search_page_with_add_buttons(client: Client) -> None:
    program = make_draft()
    phase = program.phases.get(number=1)
    response = signed_in(client, program).get(
        reverse("programs:prescription-add", args=[phase.pk]), {"q": "step-down"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Add a drill to phase 1: Restore" in body
    assert "Supported step-down" in body
    assert "Calf and soleus wall stretch" not in body
    assert f'hx-get="{reverse("programs:drill-search")}"' in body
    assert 'name="version" value="1"' in body


def test_it_answers_the_search_as_you_type_with_the_results_partial(
    client: Client, django_assert_max_num_queries
) -> None:
    program = make_draft()
    phase = program.phases.get(number=1)
    signed_in(client, program)
    with django_assert_max_num_queries(5):
        response = client.get(
            reverse("programs:drill-search"),
            {"phase": str(phase.pk), "q": "ankle"},
            headers=HTMX,
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="drill-results"')
    assert "<html" not in body
    assert "Banded ankle distraction" in body
    assert "Supported step-down" not in body
    with django_assert_max_num_queries(5):
        everything = client.get(
            reverse("programs:drill-search"),
            {"phase": str(phase.pk), "q": ""},
            headers=HTMX,
        )
    assert everything.content.decode().count('name="drill"') == 20


def test_it_searches_only_shared_and_own_private_drills(client: Client) -> None:
    program = make_draft()
    phase = program.phases.get(number=1)
    coach = program.client.coach
    fields = {
        "ladder": "custom",
        "region": "knee",
        "purpose": "control",
        "reps": 10,
        "instructions": "Slowly.",
    }
    Drill.objects.create(slug="mine", name="Zebra step mine", owner=coach, **fields)
    Drill.objects.create(
        slug="theirs", name="Zebra step theirs", owner=make_coach(), **fields
    )
    body = (
        signed_in(client, program)
        .get(reverse("programs:drill-search"), {"phase": str(phase.pk), "q": "zebra"})
        .content.decode()
    )
    assert "Zebra step mine" in body
    assert "Zebra step theirs" not in body


def test_it_adds_a_drill_from_the_library(client: Client) -> None:
    program = make_draft()
    phase = program.phases.get(number=1)
    drill = Drill.objects.get(slug="supported-step-down")
    response = signed_in(client, program).post(
        reverse("programs:prescription-add", args=[phase.pk]),
        {"version": 1, "drill": drill.pk},
    )
    added = Prescription.objects.get(phase=phase, drill=drill)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#prescription-{added.pk}")
    assert added.order == phase.prescriptions.count() - 1
    assert (added.sets, added.reps, added.seconds) == (
        drill.sets,
        drill.reps,
        drill.seconds,
    )
    assert version_of(program) == 2
    assert "Supported step-down" in client.get(response["Location"]).content.decode()


def test_it_refuses_to_add_a_loaded_drill_when_referring_out(client: Client) -> None:
    program = make_draft(red_flags=["swelling"])
    phase = program.phases.get(number=1)
    drill = Drill.objects.get(slug="weighted-dorsiflexion-pulses")
    response = signed_in(client, program).post(
        reverse("programs:prescription-add", args=[phase.pk]),
        {"version": 1, "drill": drill.pk},
    )
    assert response.status_code == 400
    assert (
        "After a referral, Restore and Control hold no loaded drill."
        in response.content.decode()
    )
    assert not Prescription.objects.filter(phase=phase, drill=drill).exists()


def test_it_refuses_to_add_another_coaches_private_drill(client: Client) -> None:
    program = make_draft()
    phase = program.phases.get(number=1)
    theirs = Drill.objects.create(
        slug="theirs",
        name="Theirs",
        owner=make_coach(),
        ladder="custom",
        region="knee",
        purpose="control",
        reps=10,
        instructions="x",
    )
    response = signed_in(client, program).post(
        reverse("programs:prescription-add", args=[phase.pk]),
        {"version": 1, "drill": theirs.pk},
    )
    assert response.status_code == 400
    assert "Choose a drill from the library." in response.content.decode()
    assert not Prescription.objects.filter(drill=theirs).exists()


def test_it_refuses_a_stale_add(client: Client) -> None:
    program = make_draft()
    phase = program.phases.get(number=1)
    Program.objects.filter(pk=program.pk).update(version=5)
    drill = Drill.objects.get(slug="supported-step-down")
    response = signed_in(client, program).post(
        reverse("programs:prescription-add", args=[phase.pk]),
        {"version": 1, "drill": drill.pk},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this program after you opened it" in body
    assert 'name="version" value="5"' in body
    assert not Prescription.objects.filter(phase=phase, drill=drill).exists()


def test_it_edits_a_published_program_too(client: Client) -> None:
    load_library()
    program = make_program()
    prescription = first_prescription(program)
    response = signed_in(client, program).post(
        swap_url(prescription, "up"), {"version": program.version}
    )
    assert response.status_code == 302
    prescription.refresh_from_db()
    assert prescription.drill.slug == "banded-ankle-distraction"


def test_it_refuses_edits_to_an_archived_program(client: Client) -> None:
    program = make_draft()
    Program.objects.filter(pk=program.pk).update(status=Program.Status.ARCHIVED)
    prescription = first_prescription(program)
    response = signed_in(client, program).post(
        swap_url(prescription, "up"), {"version": 1}
    )
    assert response.status_code == 400
    assert "archived" in response.content.decode()
    prescription.refresh_from_db()
    assert prescription.drill.slug == "calf-soleus-stretch"


def test_it_refuses_an_edit_without_a_version(client: Client) -> None:
    program = make_draft()
    response = signed_in(client, program).post(
        swap_url(first_prescription(program), "up"), {}
    )
    assert response.status_code == 400
    assert version_of(program) == 1


def test_it_needs_a_phase_to_search(client: Client) -> None:
    program = make_draft()
    response = signed_in(client, program).get(
        reverse("programs:drill-search"), {"q": "ankle"}
    )
    assert response.status_code == 404


def test_it_keeps_the_search_queries_flat_as_the_library_grows(
    client: Client, django_assert_max_num_queries
) -> None:
    program = make_draft()
    phase = program.phases.get(number=1)
    coach = program.client.coach
    signed_in(client, program)
    fields = {
        "ladder": "custom",
        "region": "knee",
        "purpose": "control",
        "reps": 10,
        "instructions": "x",
    }
    Drill.objects.bulk_create(
        Drill(slug=f"own-{i}", name=f"Own drill {i}", owner=coach, **fields)
        for i in range(300)
    )
    with django_assert_max_num_queries(5):
        response = client.get(
            reverse("programs:drill-search"),
            {"phase": str(phase.pk), "q": "own drill"},
            headers=HTMX,
        )
    assert response.content.decode().count('name="drill"') == 20

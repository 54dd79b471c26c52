"""A drill the client must not do never slips into a program by hand (CLINICAL.md section 9)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from clients.models import AuditEvent
from programs.exclusions import ProgramLimits, exclusion, load_block
from programs.models import Drill, Prescription, Program
from tests.factory import load_library, make_program, make_session

pytestmark = pytest.mark.django_db


def draft(**session_fields: Any) -> Program:
    load_library()
    return make_program(session=make_session(**session_fields), publish=False)


def limits(**fields: Any) -> ProgramLimits:
    values = {"codes": frozenset(), "knee_pain": None, "referred": False, **fields}
    return ProgramLimits(**values)


@pytest.mark.parametrize(
    ("drill_codes", "max_pain", "client_codes", "knee_pain", "excluded"),
    [
        ([], None, {"no_kneeling"}, 3, False),
        (["no_kneeling"], None, set(), 3, False),
        (["no_kneeling"], None, {"no_kneeling"}, 3, True),
        (["no_loading", "no_single_leg"], None, {"no_single_leg"}, None, True),
        ([], 2, set(), 2, False),
        ([], 2, set(), 3, True),
        ([], 2, set(), None, False),
    ],
)
def test_it_excludes_by_code_and_by_pain_ceiling(
    drill_codes: list[str],
    max_pain: int | None,
    client_codes: set[str],
    knee_pain: int | None,
    excluded: bool,
) -> None:
    drill = Drill(name="Drill X", contraindication_codes=drill_codes, max_pain=max_pain)
    words = exclusion(
        drill, limits=limits(codes=frozenset(client_codes), knee_pain=knee_pain)
    )
    assert bool(words) is excluded
    assert "no_" not in words  # words, never code names


@pytest.mark.parametrize(
    ("loaded", "referred", "phase", "blocked"),
    [
        (True, True, 1, True),
        (True, True, 2, True),
        (True, True, 3, False),
        (True, False, 1, False),
        (False, True, 1, False),
    ],
)
def test_loaded_drills_wait_for_strengthen_after_a_referral(
    loaded: bool, referred: bool, phase: int, blocked: bool
) -> None:
    drill = Drill(name="Drill X", loaded=loaded)
    assert (
        bool(load_block(drill, limits=limits(referred=referred), phase_number=phase))
        is blocked
    )


def test_an_anterior_knee_pain_program_applies_irritable_anterior_knee() -> None:
    from programs.exclusions import program_limits

    program = draft(anterior_knee_pain=True, knee_pain_nrs=3)
    applied = program_limits(program=program, client_codes=[])
    assert "irritable_anterior_knee" in applied.codes
    assert applied.knee_pain == 3


def test_it_refuses_a_swap_onto_an_excluded_rung(client: Client) -> None:
    program = draft()
    prescription = (
        Prescription.objects.filter(
            phase__program=program, drill__next_rung__isnull=False
        )
        .select_related("drill__next_rung")
        .first()
    )
    assert prescription is not None
    target = prescription.drill.next_rung
    assert target is not None
    Drill.objects.filter(pk=target.pk).update(contraindication_codes=["no_kneeling"])
    program.client.contraindication_codes = ["no_kneeling"]
    program.client.save()
    client.force_login(program.client.coach)
    response = client.post(
        reverse("programs:prescription-swap", args=[prescription.pk, "up"]),
        {"version": program.version},
    )
    assert response.status_code == 400
    assert f"{target.name} is excluded for this client" in response.content.decode()
    prescription.refresh_from_db()
    assert prescription.drill_id != target.pk


def test_an_excluded_drill_is_added_only_with_a_written_reason(client: Client) -> None:
    program = draft()
    drill = Drill.objects.get(slug="couch-stretch")
    Drill.objects.filter(pk=drill.pk).update(
        contraindication_codes=["no_kneeling", "irritable_anterior_knee"]
    )
    program.client.contraindication_codes = ["no_kneeling"]
    program.client.save()
    phase = program.phases.get(number=1)
    client.force_login(program.client.coach)
    url = reverse("programs:prescription-add", args=[phase.pk])
    search = client.get(url, {"q": "couch"}).content.decode()
    assert "Couch stretch is excluded for this client" in search
    assert "Add anyway" in search

    refused = client.post(
        url, {"version": program.version, "drill": drill.pk, "override_reason": "ok"}
    )
    assert refused.status_code == 400
    assert "To add it anyway, write why" in refused.content.decode()
    assert 'value="ok"' in refused.content.decode()
    assert not Prescription.objects.filter(phase=phase, drill=drill).exists()

    reason = "Padded knee mat; the client kneels without pain."
    added = client.post(
        url, {"version": program.version, "drill": drill.pk, "override_reason": reason}
    )
    assert added.status_code == 302
    prescription = Prescription.objects.get(phase=phase, drill=drill)
    assert prescription.override_reason == reason
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ADDED_EXCLUDED_DRILL, object_id=prescription.pk
    ).exists()
    page = client.get(reverse("programs:program-detail", args=[program.pk]))
    assert f"Your reason: “{reason}”" in page.content.decode()


def test_the_page_lists_what_was_skipped_and_left_unaddressed(client: Client) -> None:
    program = draft()
    Program.objects.filter(pk=program.pk).update(
        skipped=[
            {
                "slug": "couch-stretch",
                "ladder": "hip_flexors",
                "reason": "contraindication:irritable_anterior_knee",
            },
            {"slug": "loaded-back-squat", "ladder": "squat", "reason": "max_pain:2"},
        ],
        unaddressed=["low_back_arch"],
    )
    client.force_login(program.client.coach)
    body = client.get(reverse("programs:program-detail", args=[program.pk])).content
    page = body.decode()
    assert "Left out when the program was built" in page
    assert "Couch stretch: conflicts with: Irritable front of the knee" in page
    assert "for knee pain up to 2/10 only" in page
    assert "No allowed drill for: Low back arches" in page
    assert "irritable_anterior_knee" not in page and "max_pain" not in page


def test_a_swap_never_lands_on_another_coachs_private_drill(client: Client) -> None:
    from tests.factory import make_coach

    program = draft()
    prescription = (
        Prescription.objects.filter(phase__program=program)
        .select_related("drill")
        .first()
    )
    assert prescription is not None
    theirs = Drill.objects.create(
        slug="someone-elses",
        name="Someone else's drill",
        ladder=prescription.drill.ladder,
        rung=prescription.drill.rung + 1,
        region="ankle",
        purpose="mobility",
        sets=2,
        seconds=30,
        instructions="Slowly.",
        owner=make_coach(),
    )
    Drill.objects.filter(pk=prescription.drill_id).update(next_rung=theirs)
    client.force_login(program.client.coach)
    response = client.post(
        reverse("programs:prescription-swap", args=[prescription.pk, "up"]),
        {"version": program.version},
    )
    assert response.status_code == 400
    assert "is not in your drill library" in response.content.decode()
    prescription.refresh_from_db()
    assert prescription.drill_id != theirs.pk


def test_no_loading_excludes_a_loaded_drill_that_does_not_list_it() -> None:
    # The same rule as the engine's: hand edits never let in what generation leaves out.
    drill = Drill(name="Own loaded drill", loaded=True, contraindication_codes=[])
    words = exclusion(drill, limits=limits(codes=frozenset({"no_loading"})))
    assert (
        words
        == "Own loaded drill is excluded for this client: conflicts with: No external load."
    )

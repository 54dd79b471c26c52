from __future__ import annotations

from datetime import date

import pytest

from assessments.referrals import ClientReferred
from programs.models import Drill, Prescription, Program
from programs.services import (
    ProgramNotReady,
    StaleProgram,
    program_generate,
    program_publish,
)
from tests.factory import (
    load_library,
    make_clearance,
    make_client,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db


def test_the_seed_scenario_end_to_end() -> None:
    """Heels rise, left knee caves, left knee-to-wall 7 cm, right 11 cm."""
    load_library()
    session = make_session(
        ktw_left_cm=7.0, ktw_right_cm=11.0, heels_rise=True, knees_cave_left=True
    )
    program = program_generate(session=session, user=session.coach)
    codes = {(f["code"], f["side"]) for f in program.findings}
    assert {
        ("ankle_dorsiflexion_restricted", "left"),
        ("dorsiflexion_asymmetry", "left"),
        ("heel_rise", None),
        ("knee_valgus", "left"),
    } <= codes
    phase_one = program.phases.get(number=1)
    rows = list(phase_one.prescriptions.select_related("drill"))
    ankle = [row for row in rows if row.drill.ladder == "ankle"]
    assert ankle and all(row.side in ("left", "both") for row in ankle)
    assert any(row.side == "left" and row.drill.purpose == "mobility" for row in ankle)
    assert any(row.drill.slug.startswith("heel-elevated") for row in rows)
    assert any(
        row.drill.ladder == "hip_abductors" and row.drill.purpose == "activation"
        for row in rows
    )
    cues = " ".join(cue.lower() for row in rows for cue in row.drill.cues)
    assert "knee over middle toe" in cues and "drive through the heel" in cues
    for row in rows:
        assert row.reasons and set(row.reasons) <= {code for code, _ in codes}


def test_a_draft_session_cannot_make_a_program() -> None:
    load_library()
    with pytest.raises(ProgramNotReady):
        program_generate(session=make_session(final=False), user=make_client().coach)


def test_it_refuses_to_generate_for_a_red_flag_session_until_cleared() -> None:
    load_library()
    session = make_session(red_flags=["giving_way"], knees_cave_left=True)
    with pytest.raises(ClientReferred, match="referred to a clinician"):
        program_generate(session=session, user=session.coach)
    assert not Program.objects.filter(client=session.client).exists()


def test_a_cleared_program_holds_no_loaded_drill_in_restore_and_control() -> None:
    session = make_session(red_flags=["giving_way"], knees_cave_left=True)
    load_library()
    make_clearance(session=session)
    program = make_program(session=session, publish=False)
    assert program.refer_out is True
    assert program.phases.exists()
    assert not program.phases.filter(
        number__lte=2, prescriptions__drill__loaded=True
    ).exists()


def test_it_refuses_to_publish_while_the_client_is_referred() -> None:
    program = make_program(publish=False)
    make_session(
        client=program.client, assessed_on=date(2026, 11, 20), red_flags=["swelling"]
    )
    with pytest.raises(ClientReferred):
        program_publish(
            program=program, seen_version=program.version, user=program.client.coach
        )
    program.refresh_from_db()
    assert program.status == Program.Status.DRAFT


def test_a_cleared_red_flag_session_keeps_restore_and_control_unloaded() -> None:
    load_library()
    Drill.objects.filter(slug="banded-ankle-distraction").update(
        contraindication_codes=["no_kneeling"]
    )
    session = make_session(red_flags=["giving_way"], knees_cave_left=True)
    make_clearance(session=session, restrictions=("no_kneeling",))

    program = program_generate(session=session, user=session.coach)

    assert (program.refer_out, program.engine_status) == (True, "cleared")
    rows = Prescription.objects.filter(phase__program=program).select_related(
        "drill", "phase"
    )
    assert [p.number for p in program.phases.order_by("number")] == [1, 2, 3]
    assert not [r for r in rows if r.phase.number <= 2 and r.drill.loaded]
    assert not [r for r in rows if "no_kneeling" in r.drill.contraindication_codes]
    assert {
        "slug": "banded-ankle-distraction",
        "ladder": "ankle",
        "reason": "contraindication:no_kneeling",
    } in program.skipped


def test_it_stores_what_the_engine_skipped_and_left_bare() -> None:
    load_library()
    Drill.objects.filter(slug="banded-ankle-distraction").update(
        contraindication_codes=["no_kneeling"]
    )
    # Every drill that answers anterior knee pain has a ceiling under today's pain.
    for drill in Drill.objects.all():
        if "anterior_knee_pain" in drill.finding_codes:
            drill.max_pain = 3
            drill.save(update_fields=["max_pain"])
    client = make_client(contraindication_codes=["no_kneeling"])
    session = make_session(client=client, anterior_knee_pain=True, knee_pain_nrs=5)

    program = program_generate(session=session, user=session.coach)

    assert program.engine_status == "program"
    assert program.unaddressed == ["anterior_knee_pain"]
    reasons = {row["slug"]: row["reason"] for row in program.skipped}
    assert reasons["banded-ankle-distraction"] == "contraindication:no_kneeling"
    assert reasons["wall-sit-isometric"] == "max_pain:3"
    given = set(
        Prescription.objects.filter(phase__program=program).values_list(
            "drill__slug", flat=True
        )
    )
    assert given and not given & set(reasons)
    program.refresh_from_db()
    ladders = dict(Drill.objects.values_list("slug", "ladder"))
    for row in program.skipped:
        assert row == {
            "slug": row["slug"],
            "ladder": ladders[row["slug"]],
            "reason": reasons[row["slug"]],
        }


def test_publishing_archives_the_previous_published_program() -> None:
    first = make_program()
    second = make_program(
        session=make_session(client=first.client, assessed_on=date(2026, 12, 1))
    )
    first.refresh_from_db()
    assert (first.status, second.status) == (
        Program.Status.ARCHIVED,
        Program.Status.PUBLISHED,
    )


def test_a_stale_version_is_refused_and_nothing_changes() -> None:
    program = make_program(publish=False)
    seen = program.version
    program_publish(program=program, seen_version=seen, user=program.client.coach)
    with pytest.raises(StaleProgram):
        program_publish(
            program=Program.objects.get(pk=program.pk),
            seen_version=seen,
            user=program.client.coach,
        )
    assert Program.objects.get(pk=program.pk).version == seen + 1


def test_reassessment_moves_a_ladder_one_rung_up_from_where_the_client_is() -> None:
    client = make_client()
    first = make_program(
        session=make_session(
            client=client,
            assessed_on=date(2026, 10, 1),
            abduction_mmt_left=3,
            abduction_mmt_right=5,
        )
    )
    # The client is in phase 1 (its weeks have not passed at the re-test): the
    # proposal starts from phase 1's rungs, not from the last phase's.
    current = first.phases.get(number=1)
    before = {
        p.drill.ladder: p.drill.rung
        for p in current.prescriptions.select_related("drill")
    }
    later = make_session(
        client=client,
        assessed_on=date(2026, 11, 1),
        abduction_mmt_left=4,
        abduction_mmt_right=5,
    )
    proposal = program_generate(session=later, user=client.coach)
    assert proposal.previous_program == first
    first_phase = proposal.phases.order_by("number").first()
    assert first_phase is not None
    assert first_phase.number == 1
    rows = list(first_phase.prescriptions.select_related("drill"))
    hip_left = [
        row
        for row in rows
        if row.drill.ladder == "hip_abductors" and row.side == "left"
    ]
    assert hip_left and hip_left[0].move == "up"
    assert hip_left[0].drill.rung == before["hip_abductors"] + 1
    # A manual muscle test moves by grades, never "beyond measurement error".
    assert "up one grade (3 to 4 of 5)" in hip_left[0].move_reason
    assert "measurement error" not in hip_left[0].move_reason
    for row in rows:
        if row.drill.ladder in before:
            assert abs(row.drill.rung - before[row.drill.ladder]) <= 1


def test_a_change_within_error_holds_the_ladder() -> None:
    client = make_client()
    make_program(
        session=make_session(
            client=client,
            assessed_on=date(2026, 10, 1),
            ktw_left_cm=6.0,
            ktw_right_cm=11.0,
        )
    )
    later = make_session(
        client=client, assessed_on=date(2026, 11, 1), ktw_left_cm=7.0, ktw_right_cm=11.0
    )
    proposal = program_generate(session=later, user=client.coach)
    ankle = [
        row
        for row in proposal.phases.get(number=1).prescriptions.select_related("drill")
        if row.drill.ladder == "ankle"
    ]
    assert ankle and {row.move for row in ankle} == {"hold"}

"""The coach's program page: generate, show, publish, archive, re-assessment proposal, access."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from programs.editing import prescription_swap
from programs.models import Drill, Phase, Prescription, Program
from tests.factory import (
    load_library,
    make_clearance,
    make_client,
    make_client_user,
    make_coach,
    make_program,
    make_session,
)

pytestmark = pytest.mark.django_db


def make_draft(**session_fields: Any) -> Program:
    """A draft from a final session; a red-flag session is cleared by a clinician first."""
    load_library()
    session = make_session(**session_fields)
    if session.refer_out:
        make_clearance(session=session)
    return make_program(session=session, publish=False)


def detail_url(program: Program) -> str:
    return reverse("programs:program-detail", args=[program.pk])


def signed_in(client: Client, program: Program) -> Client:
    client.force_login(program.client.coach)
    return client


def test_it_generates_a_draft_from_a_final_session(client: Client) -> None:
    load_library()
    session = make_session()
    client.force_login(session.coach)
    response = client.post(reverse("programs:program-generate", args=[session.pk]))
    program = Program.objects.get(source_session=session)
    assert response.status_code == 302
    assert response["Location"] == detail_url(program)
    assert program.status == Program.Status.DRAFT
    assert program.previous_program is None


def test_it_answers_htmx_generate_with_a_client_redirect(client: Client) -> None:
    load_library()
    session = make_session()
    client.force_login(session.coach)
    response = client.post(
        reverse("programs:program-generate", args=[session.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == detail_url(
        Program.objects.get(source_session=session)
    )


def test_it_refuses_to_generate_from_a_draft_session_with_a_message(
    client: Client,
) -> None:
    load_library()
    session = make_session(final=False)
    client.force_login(session.coach)
    response = client.post(reverse("programs:program-generate", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assessments:session-detail", args=[session.pk]
    )
    assert not Program.objects.exists()
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == ["Finalise the session before generating a program."]


def test_it_shows_phases_drills_dose_side_reasons_and_findings(client: Client) -> None:
    program = make_draft()
    response = signed_in(client, program).get(detail_url(program))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert "Draft" in body
    assert "Phase 1: Restore" in body
    assert "Calf and soleus wall stretch" in body
    assert "3 sets × 60 s" in body
    assert "left leg only" in body
    # The reason in words with the finding's evidence summary.
    assert "Stiff ankle (restricted dorsiflexion)" in body
    assert "knee-to-wall 7.0 cm, we aim for 10 cm" in body
    # Findings with evidence, and the exit criteria of a phase.
    assert "Left knee-to-wall: 7.0 cm" in body
    assert "dorsiflexion.left_cm" not in body
    assert "Seed article: knee about 4 inches (10 cm) from the wall" in body
    assert "left knee-to-wall at least 10 cm" in body
    assert (
        reverse("assessments:session-detail", args=[program.source_session_id]) in body
    )
    # Every edit form carries the version.
    assert body.count('name="version" value="1"') >= 5
    assert "Refer to a clinician" not in body


def test_it_shows_the_easier_and_harder_rungs_and_disables_missing_ones(
    client: Client,
) -> None:
    program = make_draft()
    body = signed_in(client, program).get(detail_url(program)).content.decode()
    # The first ankle rung has nothing below it.
    assert 'disabled title="No easier rung on this ladder."' in body
    assert "Harder: Banded ankle distraction" in body


def test_it_warns_to_refer_out_and_disables_loaded_rungs(client: Client) -> None:
    program = make_draft(red_flags=["swelling"])
    assert program.refer_out
    prescription = Prescription.objects.filter(phase__program=program).first()
    assert prescription is not None
    prescription.drill = Drill.objects.get(slug="knee-to-wall-rocks")
    prescription.save()
    body = signed_in(client, program).get(detail_url(program)).content.decode()
    assert "Built after a referral." in body
    # Readable without hovering over the disabled button.
    assert "Harder rung off: Weighted dorsiflexion pulses is loaded." in body
    assert (
        "Weighted dorsiflexion pulses is loaded. After a referral, Restore and Control hold no loaded drill."
        in body
    )
    # After a clearance only Restore and Control stay unloaded (CLINICAL.md section 8).
    assert not Prescription.objects.filter(
        phase__program=program, phase__number__lte=2, drill__loaded=True
    ).exists()


def test_it_renders_only_the_phases_region_for_htmx(client: Client) -> None:
    program = make_draft()
    response = signed_in(client, program).get(
        detail_url(program), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="program-phases"')
    assert "<html" not in body
    assert "Calf and soleus wall stretch" in body


def add_prescriptions(program: Program, count: int) -> None:
    phase = program.phases.first()
    drills = list(Drill.objects.all())
    Prescription.objects.bulk_create(
        Prescription(
            phase=phase, drill=drills[i % len(drills)], order=100 + i, sets=2, reps=10
        )
        for i in range(count)
    )
    for number in range(4, 4 + count // 10):
        Phase.objects.create(program=program, number=number, name=f"Extra {number}")


def test_it_pins_the_queries_of_the_program_page(
    client: Client, django_assert_max_num_queries
) -> None:
    program = make_draft()
    signed_in(client, program)
    add_prescriptions(program, 6)
    with django_assert_max_num_queries(12):
        small = client.get(detail_url(program))
    add_prescriptions(program, 60)
    with django_assert_max_num_queries(12) as big:
        large = client.get(detail_url(program))
    assert small.status_code == large.status_code == 200
    assert Prescription.objects.filter(phase__program=program).count() > 60
    assert large.content.decode().count('class="prescription"') > 60
    assert len(big.captured_queries) <= 12


def test_it_publishes_a_draft_and_archives_the_published_one(client: Client) -> None:
    load_library()
    their_client = make_client()
    old = make_program(session=make_session(client=their_client))
    draft = make_program(
        session=make_session(client=their_client, assessed_on=date(2026, 12, 2)),
        publish=False,
    )
    signed_in(client, draft)
    response = client.post(
        reverse("programs:program-publish", args=[draft.pk]), {"version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == Program.Status.PUBLISHED
    assert old.status == Program.Status.ARCHIVED
    assert "Published" in client.get(detail_url(draft)).content.decode()


def test_it_archives_a_program(client: Client) -> None:
    program = make_draft()
    response = signed_in(client, program).post(
        reverse("programs:program-archive", args=[program.pk]),
        {"version": program.version},
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == Program.Status.ARCHIVED
    body = client.get(detail_url(program)).content.decode()
    assert "can no longer be edited" in body
    assert "Change dose or side" not in body


def test_it_refuses_to_publish_an_archived_program(client: Client) -> None:
    program = make_draft()
    Program.objects.filter(pk=program.pk).update(status=Program.Status.ARCHIVED)
    response = signed_in(client, program).post(
        reverse("programs:program-publish", args=[program.pk]),
        {"version": program.version},
    )
    assert response.status_code == 400
    assert "Only a draft can be published" in response.content.decode()
    program.refresh_from_db()
    assert program.status == Program.Status.ARCHIVED


def test_it_refuses_a_stale_publish_with_409(client: Client) -> None:
    program = make_draft()
    Program.objects.filter(pk=program.pk).update(version=2)
    response = signed_in(client, program).post(
        reverse("programs:program-publish", args=[program.pk]), {"version": 1}
    )
    assert response.status_code == 409
    assert (
        "Someone else saved this program after you opened it"
        in response.content.decode()
    )
    program.refresh_from_db()
    assert program.status == Program.Status.DRAFT


def test_it_proposes_the_next_program_on_reassessment_and_says_why(
    client: Client,
) -> None:
    load_library()
    their_client = make_client()
    published = make_program(session=make_session(client=their_client, ktw_left_cm=7.0))
    # The client is in phase 1, where the coach had moved the ankle drill up a
    # rung: the proposal starts from there, not from the last phase.
    current_ankle = Prescription.objects.get(
        phase__program=published, phase__number=1, drill__ladder="ankle"
    )
    prescription_swap(
        prescription=current_ankle, direction="up", seen_version=published.version
    )
    session = make_session(
        client=their_client, assessed_on=date(2026, 12, 2), ktw_left_cm=9.4
    )
    client.force_login(their_client.coach)
    response = client.post(reverse("programs:program-generate", args=[session.pk]))
    proposal = Program.objects.get(source_session=session)
    assert response["Location"] == detail_url(proposal)
    assert proposal.previous_program == published
    assert proposal.status == Program.Status.DRAFT
    moved_up = Prescription.objects.get(
        phase__program=proposal, phase__number=1, drill__ladder="ankle"
    )
    assert moved_up.move == "up"
    assert moved_up.drill.slug == "knee-to-wall-rocks"
    body = client.get(detail_url(proposal)).content.decode()
    assert "Proposed next program" in body
    assert (
        "One rung up</strong>: left knee-to-wall improved 2.4 cm, more than the 1.9 cm measurement error"
        in body
    )
    # The change table: field, from, to, delta, MDC, verdict.
    assert "Left knee-to-wall" in body
    assert "+2.4 cm" in body
    assert "1.9 cm" in body
    assert "verdict-improved" in body
    assert "Accept &amp; publish" in body
    client.post(
        reverse("programs:program-publish", args=[proposal.pk]),
        {"version": proposal.version},
    )
    published.refresh_from_db()
    assert published.status == Program.Status.ARCHIVED


def other_coaches_urls(program: Program) -> list[tuple[str, str]]:
    prescription = Prescription.objects.filter(phase__program=program).first()
    assert prescription is not None
    phase = prescription.phase
    return [
        ("get", detail_url(program)),
        (
            "post",
            reverse("programs:program-generate", args=[program.source_session_id]),
        ),
        ("post", reverse("programs:program-publish", args=[program.pk])),
        ("post", reverse("programs:program-archive", args=[program.pk])),
        ("post", reverse("programs:prescription-swap", args=[prescription.pk, "up"])),
        ("post", reverse("programs:prescription-update", args=[prescription.pk])),
        ("post", reverse("programs:prescription-move", args=[prescription.pk, "down"])),
        ("post", reverse("programs:prescription-remove", args=[prescription.pk])),
        ("get", reverse("programs:prescription-add", args=[phase.pk])),
        ("post", reverse("programs:prescription-add", args=[phase.pk])),
        ("get", reverse("programs:drill-search") + f"?phase={phase.pk}&q=ankle"),
    ]


def test_it_hides_other_coaches_programs_with_404(client: Client) -> None:
    program = make_draft()
    client.force_login(make_coach())
    for method, url in other_coaches_urls(program):
        response = getattr(client, method)(
            url,
            {"version": 1, "sets": 3, "reps": 10, "drill": 1}
            if method == "post"
            else None,
        )
        assert response.status_code == 404, url
    program.refresh_from_db()
    assert program.version == 1
    assert program.status == Program.Status.DRAFT
    assert Program.objects.count() == 1


def test_it_forbids_client_users(client: Client) -> None:
    program = make_draft()
    client.force_login(make_client_user(client=program.client))
    for method, url in other_coaches_urls(program):
        assert getattr(client, method)(url).status_code == 403, url


def test_it_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    program = make_draft()
    for method, url in other_coaches_urls(program):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_it_reloads_the_whole_page_after_an_htmx_publish(client: Client) -> None:
    program = make_draft()
    response = signed_in(client, program).post(
        reverse("programs:program-publish", args=[program.pk]),
        {"version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == detail_url(program)
    assert (
        "Published. The client now sees this program."
        in client.get(detail_url(program)).content.decode()
    )

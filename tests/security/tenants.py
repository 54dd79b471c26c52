"""Two tenants with everything a URL can point at, plus a library editor and a superuser.

Coach A and coach B each keep one client with a sign-in, a draft and a final
session, a published program (with a completion and a pain report), a draft
program proposed from the re-assessment, a private drill and a working
personal link. Every URL of the matrix is filled with tenant A's objects;
the B roles are the attackers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from clients.links import link_issue
from clients.models import Client, User
from programs.library.services import library_editor_group
from programs.models import Drill, Prescription, Program
from programs.pain import completion_pain_record
from programs.plan.log import completion_toggle, pain_report_save
from programs.services import program_generate
from tests.assessments.video.factory import make_analysed_video
from tests.factory import (
    load_library,
    make_client,
    make_client_user,
    make_coach,
    make_library_editor,
    make_program,
    make_session,
    make_user,
)

ROLES = (
    "anonymous",
    "client_a",
    "client_b",
    "coach_a",
    "coach_b",
    "editor",
    "superuser",
)


@dataclass(frozen=True, slots=True)
class Tenant:
    coach: User
    client: Client
    client_user: User
    draft_session_id: int
    final_session_id: int
    program_id: int
    program_version: int
    draft_program_id: int
    draft_program_version: int
    # A prescription of the published program with a harder rung and a
    # sibling after it, and no completions: swap up, move down and remove work.
    prescription_id: int
    phase_id: int
    completion_id: int
    pain_report_id: int
    private_drill_id: int
    link_token: str
    # A second client of the coach, referred by a red-flag session (an open referral).
    referred_client_id: int
    referral_id: int
    # An unreviewed pain alert of the client and the step down it made.
    pain_alert_id: int
    step_down_id: int
    # Two analysed front-view squat videos (no clip kept: it was reviewed), the first with a left knee valgus flag.
    squat_video_id: int = 0
    other_video_id: int = 0


@dataclass(frozen=True, slots=True)
class Tenants:
    a: Tenant
    b: Tenant
    editor: User
    superuser: User
    shared_drill_id: int

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "client_a": self.a.client_user,
            "client_b": self.b.client_user,
            "coach_a": self.a.coach,
            "coach_b": self.b.coach,
            "editor": self.editor,
            "superuser": self.superuser,
        }[role]


def _editable_prescription(program: Program) -> Prescription:
    for phase in program.phases.order_by("number"):
        siblings = list(
            phase.prescriptions.select_related("drill").order_by("order", "id")
        )
        for prescription in siblings[:-1]:
            if prescription.drill.next_rung_id is not None:
                return prescription
    raise AssertionError("No prescription with a harder rung and a sibling after it")


def _private_drill(coach: User, name: str) -> Drill:
    return Drill.objects.create(
        slug=f"{coach.pk}-{name.lower().replace(' ', '-')}",
        name=name,
        ladder=f"{coach.pk}-own",
        region="ankle",
        purpose="mobility",
        sets=2,
        seconds=30,
        instructions="Slowly.",
        finding_codes=["ankle_dorsiflexion_restricted"],
        owner=coach,
    )


def make_tenant(letter: str) -> Tenant:
    coach = make_coach(username=f"coach_{letter}")
    client = make_client(
        coach=coach,
        name=f"Client {letter.upper()}",
        email=f"client-{letter}@example.com",
    )
    client_user = make_client_user(client=client)
    final = make_session(
        client=client,
        assessed_on=date(2026, 1, 5),
        ktw_left_cm=6.0,
        ktw_right_cm=11.5,
        knees_cave_left=True,
        step_down_valgus_left=True,
        abduction_mmt_left=3,
        stance_left_s=8,
        quad_dominant=True,
    )
    program = make_program(session=final)
    # A draft re-assessment and, from the final session, a proposed next program.
    draft = make_session(client=client, final=False, assessed_on=date(2026, 1, 20))
    proposal = program_generate(session=final, user=coach)
    editable = _editable_prescription(program)
    other = (
        Prescription.objects.filter(phase__program=program)
        .exclude(pk=editable.pk)
        .first()
    )
    assert other is not None
    today = timezone.localdate()
    completion_toggle(client=client, prescription=other, on_date=today)
    pain = pain_report_save(
        client=client, on_date=today, pain=3, note="Sore on stairs", program=program
    )
    issued = link_issue(client=client, user=coach)
    # Issuing a link signs the client's user out (a new password hash).
    client_user.refresh_from_db()
    program.refresh_from_db()
    # Pain 5/10 three days ago (no next-day question pending today) on a drill with a rung below: an alert and a step down.
    stepped = (
        Prescription.objects.filter(
            phase__program=program, drill__previous_rung__isnull=False
        )
        .exclude(pk__in=[editable.pk, other.pk])
        .first()
    )
    assert stepped is not None
    outcome = completion_pain_record(
        client=client,
        prescription=stepped,
        on_date=today - timedelta(days=3),
        pain=5,
        note="Sharp on the way down",
    )
    referred = make_client(coach=coach, name=f"Referred {letter.upper()}")
    red_flag = make_session(
        client=referred, assessed_on=date(2026, 1, 6), red_flags=["swelling"]
    )
    assert outcome.alert is not None
    return Tenant(
        coach=coach,
        client=client,
        client_user=client_user,
        draft_session_id=draft.pk,
        final_session_id=final.pk,
        program_id=program.pk,
        program_version=program.version,
        draft_program_id=proposal.pk,
        draft_program_version=proposal.version,
        prescription_id=editable.pk,
        phase_id=editable.phase_id,
        completion_id=other.completions.get().pk,
        pain_report_id=pain.pk,
        private_drill_id=_private_drill(coach, f"Own drill {letter}").pk,
        link_token=issued.token,
        referred_client_id=referred.pk,
        referral_id=red_flag.referrals.get().pk,
        pain_alert_id=outcome.alert.pk,
        step_down_id=outcome.step_downs[0].pk,
        squat_video_id=make_analysed_video(client=client).pk,
        other_video_id=make_analysed_video(client=client).pk,
    )


def make_tenants() -> Tenants:
    load_library()
    library_editor_group()
    superuser = make_user(username="root", is_staff=True, is_superuser=True)
    return Tenants(
        a=make_tenant("a"),
        b=make_tenant("b"),
        editor=make_library_editor(username="editor"),
        superuser=superuser,
        shared_drill_id=Drill.objects.filter(owner__isnull=True)[0].pk,
    )

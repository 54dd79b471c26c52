"""Demo data: what `make run` shows a new coach. Idempotent."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessments.models import AssessmentSession
from assessments.services import session_finalise, session_save
from clients.models import Client, Message, User
from programs.library.services import library_editor_group
from programs.models import Completion, PainReport, Prescription, Program
from programs.services import program_generate, program_publish

DEMO_COACH_USERNAME = "coach"
DEMO_COACH_PASSWORD = "weaklink-demo"
DEMO_EDITOR_USERNAME = "editor"

# Each client: profile, then sessions oldest first as (days ago, measurements).
DEMO_CLIENTS: tuple[tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]], ...] = (
    (
        {
            "name": "Maya Okafor",
            "activity": "Recreational runner",
            "goals": "Run 10 km without knee pain",
            "date_of_birth": date(1991, 4, 12),
            "email": "maya@example.com",
        },
        [
            (
                70,
                {
                    "ktw_left_cm": 5.5,
                    "ktw_right_cm": 10.5,
                    "heels_rise": True,
                    "knees_cave_left": True,
                    "step_down_valgus_left": True,
                    "stance_left_s": 7,
                    "stance_right_s": 25,
                    "knee_pain_nrs": 4,
                    "kujala_score": 64,
                },
            ),
            (
                42,
                {
                    "ktw_left_cm": 7.6,
                    "ktw_right_cm": 10.8,
                    "heels_rise": True,
                    "knees_cave_left": True,
                    "stance_left_s": 11,
                    "stance_right_s": 27,
                    "knee_pain_nrs": 3,
                    "kujala_score": 70,
                },
            ),
            (
                12,
                {
                    "ktw_left_cm": 9.1,
                    "ktw_right_cm": 11.0,
                    "knees_cave_left": True,
                    "stance_left_s": 16,
                    "stance_right_s": 28,
                    "knee_pain_nrs": 2,
                    "kujala_score": 79,
                },
            ),
        ],
    ),
    (
        {
            "name": "Tom Brennan",
            "activity": "Rugby (amateur)",
            "goals": "Squat below parallel again",
            "date_of_birth": date(1996, 9, 3),
        },
        [
            (
                60,
                {
                    "ktw_left_cm": 8.0,
                    "ktw_right_cm": 7.5,
                    "heels_rise": True,
                    "forward_lean": True,
                    "quad_dominant": True,
                    "abduction_mmt_left": 4,
                    "abduction_mmt_right": 4,
                    "abduction_dyn_left": 182,
                    "abduction_dyn_right": 190,
                    "abduction_dyn_unit": "N",
                    "body_mass_kg": 88,
                    "knee_pain_nrs": 2,
                },
            ),
            (
                33,
                {
                    "ktw_left_cm": 9.0,
                    "ktw_right_cm": 8.2,
                    "forward_lean": True,
                    "quad_dominant": True,
                    "abduction_mmt_left": 4,
                    "abduction_mmt_right": 4,
                    "abduction_dyn_left": 205,
                    "abduction_dyn_right": 204,
                    "abduction_dyn_unit": "N",
                    "body_mass_kg": 87,
                    "knee_pain_nrs": 1,
                },
            ),
        ],
    ),
    (
        {
            "name": "Ines Duarte",
            "activity": "CrossFit",
            "goals": "Pistol squats on both legs",
            "date_of_birth": date(1988, 1, 30),
        },
        [
            (
                20,
                {
                    "ktw_left_cm": 11.5,
                    "ktw_right_cm": 12.0,
                    "arch_collapse_right": True,
                    "knees_cave_right": True,
                    "abduction_mmt_left": 5,
                    "abduction_mmt_right": 3,
                    "anterior_knee_pain": True,
                    "knee_pain_nrs": 3,
                    "kujala_score": 74,
                },
            ),
        ],
    ),
    (
        {
            "name": "George Hall",
            "activity": "Hill walking",
            "goals": "Walk downhill without the left knee aching",
            "date_of_birth": date(1961, 6, 18),
        },
        [
            (
                9,
                {
                    "ktw_left_cm": 6.0,
                    "ktw_right_cm": 9.0,
                    "stance_left_s": 6,
                    "stance_right_s": 9,
                    "knee_pain_nrs": 7,
                    "red_flags": ["swelling"],
                },
            ),
        ],
    ),
    (
        {
            "name": "Priya Natarajan",
            "activity": "Netball",
            "goals": "Land from jumps with confidence",
        },
        [],
    ),
)


def _user(username: str, role: str, password: str, **defaults: object) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, **defaults}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _sessions(
    client: Client, coach: User, history: list[tuple[int, dict]], today: date
) -> list[AssessmentSession]:
    sessions = []
    for days_ago, measurements in history:
        session = AssessmentSession(
            client=client,
            coach=coach,
            assessed_on=today - timedelta(days=days_ago),
            **measurements,
        )
        sessions.append(session_finalise(session=session, user=coach))
    return sessions


def _activity(
    client: Client, today: date, *, adherence: float, pain: list[int]
) -> None:
    """Two weeks of drills marked done (Mon/Wed/Fri-ish) and daily pain reports."""
    program = client.programs.filter(status="published").first()
    if program is None:
        return
    phase_one = list(
        Prescription.objects.filter(phase__program=program, phase__number=1).order_by(
            "order"
        )
    )
    completions = []
    published_on = timezone.localdate(program.published_at)
    for day in range(14, 0, -1):
        on_date = today - timedelta(days=day)
        if on_date.weekday() not in (0, 2, 4) or on_date < published_on:
            continue
        done = phase_one[: max(1, round(len(phase_one) * adherence))]
        completions += [
            Completion(prescription=row, client=client, on_date=on_date, done=True)
            for row in done
        ]
    Completion.objects.bulk_create(completions, ignore_conflicts=True)
    for offset, value in enumerate(pain):
        PainReport.objects.get_or_create(
            client=client,
            on_date=today - timedelta(days=len(pain) - offset),
            defaults={
                "pain": value,
                "program": program,
                "note": "Stairs felt fine" if value <= 2 else "",
            },
        )


@transaction.atomic
def load_demo() -> str:
    today = timezone.localdate()
    coach = _user(
        DEMO_COACH_USERNAME,
        User.Role.COACH,
        DEMO_COACH_PASSWORD,
        first_name="Dana",
        last_name="Reyes",
    )
    editor = _user(
        DEMO_EDITOR_USERNAME,
        User.Role.LIBRARY_EDITOR,
        DEMO_COACH_PASSWORD,
        is_staff=True,
        first_name="Lee",
    )
    # The admin's drill pages need the group's permissions, not only the role.
    editor.groups.add(library_editor_group())
    added = 0
    for profile, history in DEMO_CLIENTS:
        client, created = Client.objects.get_or_create(
            coach=coach, name=profile["name"], defaults=profile
        )
        if not created:
            continue
        added += 1
        sessions = _sessions(client, coach, history, today)
        for session in sessions:
            if session.refer_out:
                continue
            program = program_generate(session=session, user=coach)
            program_publish(program=program, seen_version=program.version, user=coach)
            # Published the day after its assessment, so the demo's history of
            # drills done and the phase weeks line up with the dates.
            published = datetime.combine(
                session.assessed_on + timedelta(days=1),
                time(9),
                tzinfo=timezone.get_current_timezone(),
            )
            Program.objects.filter(pk=program.pk).update(published_at=published)
        if client.name == "Maya Okafor":
            _activity(client, today, adherence=0.8, pain=[3, 2, 2, 1])
            # One unread message, so the home page and the thread have something to show.
            Message.objects.create(
                client=client,
                sender=Message.Sender.CLIENT,
                body="The step-downs felt easier today. Can I add a little weight next week?",
            )
        elif client.name == "Tom Brennan":
            _activity(client, today, adherence=0.3, pain=[2, 5, 6])
        elif client.name == "Ines Duarte":
            _activity(client, today, adherence=1.0, pain=[2, 2])
            draft = AssessmentSession(
                client=client, coach=coach, assessed_on=today, ktw_left_cm=11.8
            )
            session_save(session=draft, user=coach)
    return f"Demo data ready: coach '{coach.username}', {added} new clients ({len(DEMO_CLIENTS)} in all)."

"""Realistic data at gym scale for benchmarks: bulk inserts, varied trends."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from assessments.core.findings import evaluate_session
from assessments.models import AssessmentSession
from assessments.services import session_input
from clients.models import Client, User
from programs.models import Completion, Drill, PainReport, Phase, Prescription, Program
from programs.progression.builder import build_progression
from programs.services import PHASE_GOALS, drill_catalogue

BATCH = 2000
# Seeded coaches are named scale-coach-0, scale-coach-1, ... (bench/pages.py picks one).
COACH_PREFIX = "scale-coach-"
FIRST_NAMES = (
    "Maya",
    "Tom",
    "Ines",
    "George",
    "Priya",
    "Sam",
    "Alex",
    "Jo",
    "Kai",
    "Lena",
    "Omar",
    "Rosa",
    "Ben",
    "Aiko",
    "Noah",
    "Zara",
)
LAST_NAMES = (
    "Okafor",
    "Brennan",
    "Duarte",
    "Hall",
    "Natarajan",
    "Smith",
    "Kowalski",
    "Nguyen",
    "Garcia",
    "Müller",
    "Ahmed",
    "Rossi",
)
ACTIVITIES = (
    "Running",
    "Rugby",
    "CrossFit",
    "Hill walking",
    "Netball",
    "Football",
    "Cycling",
    "Powerlifting",
    "Dance",
    "Tennis",
)


@dataclass(slots=True)
class ScaleReport:
    coaches: int = 0
    clients: int = 0
    sessions: int = 0
    programs: int = 0
    prescriptions: int = 0
    completions: int = 0


def _trend_session(
    rng: random.Random, client: Client, coach: User, on: date, step: int, base: dict
) -> AssessmentSession:
    gain = step * rng.uniform(0.3, 1.2)
    left = min(15.0, max(0.0, round(base["left"] + gain + rng.gauss(0, 0.6), 1)))
    right = min(
        15.0, max(0.0, round(base["right"] + gain * 0.5 + rng.gauss(0, 0.6), 1))
    )
    pain = max(0, min(10, base["pain"] - step + rng.choice((-1, 0, 0, 1))))
    return AssessmentSession(
        client=client,
        coach=coach,
        assessed_on=on,
        status=AssessmentSession.Status.FINAL,
        finalised_at=timezone.now(),
        finalised_by=coach,
        ktw_left_cm=left,
        ktw_right_cm=right,
        heels_rise=left < 8 or right < 8,
        knees_cave_left=base["valgus_left"] and step < 3,
        knees_cave_right=base["valgus_right"] and step < 3,
        arch_collapse_left=base["arch"] and step < 2,
        forward_lean=left < 7,
        stance_left_s=round(
            min(60.0, base["stance"] + 3 * step + rng.uniform(-2, 2)), 1
        ),
        stance_right_s=round(
            min(60.0, base["stance"] + 5 + 2 * step + rng.uniform(-2, 2)), 1
        ),
        step_down_valgus_left=base["valgus_left"] and step < 2,
        abduction_mmt_left=min(5, base["mmt"] + step // 2),
        abduction_mmt_right=5,
        quad_dominant=base["quad"] and step < 2,
        knee_pain_nrs=pain,
        red_flags=["swelling"] if rng.random() < 0.01 else [],
    )


def _store_findings(sessions: list[AssessmentSession]) -> None:
    for session in sessions:
        result = evaluate_session(session=session_input(session))
        session.refer_out = result.refer_out
        session.finding_codes = sorted({finding.code for finding in result.findings})


def seeded_coaches() -> int:
    return User.objects.filter(username__startswith=COACH_PREFIX).count()


@transaction.atomic
def seed_scale(
    *, coaches: int, clients_per_coach: int, sessions_per_client: int, seed: int = 7
) -> ScaleReport:
    """Seed in one transaction: a failure part way leaves nothing, so `--if-empty` seeds again."""
    if not Drill.objects.exists():
        raise ValueError("The drill library is empty: run load_drill_library first.")
    rng = random.Random(seed)
    report = ScaleReport()
    today = timezone.localdate()
    password = make_password("weaklink-scale")
    start = seeded_coaches()
    coach_rows = User.objects.bulk_create(
        [
            User(
                username=f"{COACH_PREFIX}{start + n}",
                password=password,
                role=User.Role.COACH,
                first_name=rng.choice(FIRST_NAMES),
            )
            for n in range(coaches)
        ],
        batch_size=BATCH,
    )
    report.coaches = len(coach_rows)
    client_rows = Client.objects.bulk_create(
        [
            Client(
                coach=coach,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}",
                activity=rng.choice(ACTIVITIES),
                date_of_birth=date(
                    1960 + rng.randint(0, 45), rng.randint(1, 12), rng.randint(1, 28)
                ),
                archived_at=timezone.now() if rng.random() < 0.05 else None,
            )
            for coach in coach_rows
            for n in range(clients_per_coach)
        ],
        batch_size=BATCH,
    )
    report.clients = len(client_rows)
    catalogue = drill_catalogue()
    drills = {drill.slug: drill for drill in Drill.objects.all()}
    latest: dict[int, AssessmentSession] = {}
    pending: list[AssessmentSession] = []

    def flush_sessions() -> None:
        _store_findings(pending)
        created = AssessmentSession.objects.bulk_create(pending, batch_size=BATCH)
        for session in created:
            current = latest.get(session.client_id)
            if current is None or session.assessed_on > current.assessed_on:
                latest[session.client_id] = session
        report.sessions += len(created)
        pending.clear()

    for client in client_rows:
        base = {
            "left": rng.uniform(3.5, 11.5),
            "right": rng.uniform(6, 13),
            "pain": rng.randint(0, 6),
            "stance": rng.uniform(4, 25),
            "mmt": rng.randint(2, 5),
            "valgus_left": rng.random() < 0.4,
            "valgus_right": rng.random() < 0.2,
            "arch": rng.random() < 0.2,
            "quad": rng.random() < 0.3,
        }
        first_day = today - timedelta(
            days=28 * sessions_per_client + rng.randint(0, 20)
        )
        for step in range(sessions_per_client):
            on = first_day + timedelta(days=28 * step + rng.randint(0, 6))
            pending.append(_trend_session(rng, client, client.coach, on, step, base))
        if len(pending) >= BATCH:
            flush_sessions()
    if pending:
        flush_sessions()

    programs: list[Program] = []
    plans = []
    for client in client_rows:
        session = latest.get(client.pk)
        if session is None or session.refer_out:
            continue
        result = evaluate_session(session=session_input(session))
        phases = build_progression(
            findings=[f for f in result.findings if f.code != "refer_out"],
            refer_out=False,
            catalogue=catalogue,
            contraindications=client.contraindication_codes,
            knee_pain=session.knee_pain_nrs,
        ).phases
        if not phases:
            continue
        programs.append(
            Program(
                client=client,
                source_session=session,
                status=Program.Status.PUBLISHED,
                created_by=client.coach,
                published_at=timezone.now() - timedelta(days=rng.randint(1, 20)),
                findings=[
                    {
                        "code": f.code,
                        "side": f.side,
                        "severity": f.severity,
                        "summary": f.summary,
                        "evidence": [
                            {
                                "field": e.field,
                                "value": e.value,
                                "rule": e.rule,
                                "source": e.source,
                            }
                            for e in f.evidence
                        ],
                    }
                    for f in result.findings
                ],
            )
        )
        plans.append(phases)
    programs = Program.objects.bulk_create(programs, batch_size=BATCH)
    report.programs = len(programs)
    phase_rows = Phase.objects.bulk_create(
        [
            Phase(
                program=program,
                number=planned.number,
                name=planned.name,
                weeks=planned.weeks,
                goal=PHASE_GOALS.get(planned.name, ""),
                exit_criteria=list(planned.exit_criteria),
            )
            for program, phases in zip(programs, plans, strict=True)
            for planned in phases
        ],
        batch_size=BATCH,
    )
    planned_by_phase = [planned for phases in plans for planned in phases]
    prescriptions = Prescription.objects.bulk_create(
        [
            Prescription(
                phase=phase,
                drill=drills[row.slug],
                order=order,
                side=row.side if row.side in ("left", "right", "both") else "",
                sets=row.sets,
                reps=row.reps,
                seconds=row.seconds,
                tempo=row.tempo or "",
                reasons=list(row.reasons),
            )
            for phase, planned in zip(phase_rows, planned_by_phase, strict=True)
            for order, row in enumerate(planned.drills)
        ],
        batch_size=BATCH,
    )
    report.prescriptions = len(prescriptions)
    first_phase: dict[int, list[Prescription]] = {}
    for prescription in prescriptions:
        if prescription.phase.number == 1:
            first_phase.setdefault(prescription.phase.program.client_id, []).append(
                prescription
            )
    completions: list[Completion] = []
    pains: list[PainReport] = []
    for client_id, rows in first_phase.items():
        adherence = rng.random()
        for day in range(1, 15):
            on = today - timedelta(days=day)
            if on.weekday() not in (0, 2, 4):
                continue
            completions += [
                Completion(prescription=row, client_id=client_id, on_date=on)
                for row in rows
                if rng.random() < adherence
            ]
            if rng.random() < 0.5:
                pains.append(
                    PainReport(
                        client_id=client_id,
                        on_date=on,
                        pain=rng.choice((0, 1, 2, 2, 3, 3, 4, 5, 6)),
                    )
                )
    report.completions = len(
        Completion.objects.bulk_create(completions, batch_size=BATCH)
    )
    PainReport.objects.bulk_create(pains, batch_size=BATCH)
    return report

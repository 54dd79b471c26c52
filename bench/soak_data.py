"""Django in the soak process (bench/soak.py): set-up of the throwaway database
and, after the run, what it holds for every write the virtual users sent.
"""

from __future__ import annotations

import io
import itertools
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from soak_servers import REPO, SoakError
from soak_users import ClientSeat, CoachPool, DoseTarget, Run


def django_setup(env: dict[str, str], root: Path) -> None:
    os.environ.update(env)
    sys.path[:0] = [str(root), str(REPO)]
    import django

    django.setup()


def prepare_database(*, coaches: int, clients_per_coach: int) -> None:
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    call_command("load_drill_library", verbosity=0, stdout=quiet)
    call_command(
        "seed_scale",
        coaches=coaches,
        clients_per_coach=clients_per_coach,
        sessions_per_client=3,
        stdout=quiet,
    )
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)


def gym_layout(
    *, coach_users: int, client_users: int, programs_per_coach: int
) -> tuple[list[CoachPool], list[ClientSeat], dict[int, int]]:
    """Who the virtual users are: coach accounts with their pools, clients with fresh personal links."""
    from django.db import connections
    from django.urls import reverse
    from django.utils import timezone

    from clients.links import link_issue
    from clients.models import Client, User
    from programs.devdata.scale import COACH_PREFIX
    from programs.models import Prescription, Program
    from programs.plan.page import plan_today

    coaches = list(
        User.objects.filter(username__startswith=COACH_PREFIX).order_by("pk")
    )
    pools: list[CoachPool] = []
    edited_programs: dict[int, int] = {}
    for coach in coaches:
        clients = list(
            Client.objects.filter(coach=coach, archived_at__isnull=True).order_by("pk")
        )
        programs = list(
            Program.objects.filter(
                client__coach=coach, status=Program.Status.PUBLISHED
            ).order_by("pk")
        )
        # A few shared programs: coaches of one account edit them at once, so stale versions happen.
        edited = programs[:programs_per_coach]
        edited_programs.update({program.pk: program.version for program in edited})
        doses = [
            DoseTarget(row.pk, row.phase.program_id, row.reps, row.seconds, row.side)
            for row in Prescription.objects.filter(phase__program__in=edited)
            .select_related("phase")
            .order_by("pk")
        ]
        pools.append(
            CoachPool(
                coach.username, [c.pk for c in clients], [p.pk for p in programs], doses
            )
        )
    today = timezone.localdate()
    seats: list[ClientSeat] = []
    candidates = [
        program.client
        for program in Program.objects.filter(status=Program.Status.PUBLISHED)
        .exclude(pk__in=edited_programs)
        .select_related("client__coach")
        .order_by("client__coach_id", "pk")
        if program.client.archived_at is None
    ]
    # Round-robin over coaches so every coach's clients are in the run.
    by_coach: dict[int, list[Client]] = defaultdict(list)
    for client in candidates:
        by_coach[client.coach_id].append(client)
    ordered = [
        client
        for group in itertools.zip_longest(*by_coach.values())
        for client in group
        if client is not None
    ]
    for client in ordered:
        if len(seats) == client_users:
            break
        if not plan_today(client=client, today=today).drills:
            continue
        issued = link_issue(client=client, user=client.coach)
        seats.append(ClientSeat(client.pk, reverse("links:open", args=[issued.token])))
    if len(seats) < client_users or not pools:
        raise SoakError(f"the seed has only {len(seats)} clients with drills today")
    connections.close_all()
    # About three people per coach account (laptop, tablet, a colleague), so
    # they edit the same programs at once and stale versions really happen.
    accounts = max(1, min(len(pools), coach_users // 3))
    coach_seats = [pools[n % accounts] for n in range(coach_users)]
    return coach_seats, seats, edited_programs


def stored_state(
    run: Run, *, since: object, edited_programs: dict[int, int]
) -> dict[str, Any]:
    """What the database holds for every write of the run."""
    from django.db import connections

    from assessments.models import AssessmentSession
    from programs.models import Completion, PainReport, Prescription, Program

    connections.close_all()  # the old connection did not survive the restart
    tokens = [write.token for write in run.assessments]
    sessions: dict[str, list[int]] = defaultdict(list)
    for notes, client_id in AssessmentSession.objects.filter(
        notes__in=tokens
    ).values_list("notes", "client_id"):
        sessions[notes].append(client_id)
    dosed = {write.prescription_id for write in run.doses}
    final_tempo = dict(
        Prescription.objects.filter(pk__in=dosed).values_list("pk", "tempo")
    )
    versions = dict(
        Program.objects.filter(pk__in=edited_programs).values_list("pk", "version")
    )
    toggled = {event.prescription_id for event in run.toggles}
    final_done: dict[int, bool] = {}
    for prescription_id, done in (
        Completion.objects.filter(prescription_id__in=toggled, on_date__gte=since)
        .order_by("on_date")
        .values_list("prescription_id", "done")
    ):
        final_done[prescription_id] = done
    clients = {write.client_id for write in run.pains}
    final_note = dict(
        PainReport.objects.filter(client_id__in=clients, on_date__gte=since)
        .order_by("on_date")
        .values_list("client_id", "note")
    )
    return {
        "sessions": dict(sessions),
        "final_tempo": final_tempo,
        "version_moves": {
            pk: versions.get(pk, start) - start for pk, start in edited_programs.items()
        },
        "final_done": final_done,
        "final_note": final_note,
    }

"""Seed gym-scale data for benchmarks (bulk inserts)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programs.devdata.scale import seed_scale, seeded_coaches


class Command(BaseCommand):
    help = "Create coaches, clients, sessions with trends, published programs and completions in bulk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--coaches", type=int, default=50)
        parser.add_argument("--clients-per-coach", type=int, default=200)
        parser.add_argument("--sessions-per-client", type=int, default=6)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when seeded coaches already exist (make bench-pages).",
        )

    def handle(
        self,
        *args: object,
        coaches: int,
        clients_per_coach: int,
        sessions_per_client: int,
        seed: int,
        if_empty: bool = False,
        **options: object,
    ) -> None:
        if if_empty and (seeded := seeded_coaches()):
            self.stdout.write(f"Already seeded: {seeded} coaches; nothing added.")
            return
        if min(coaches, clients_per_coach, sessions_per_client) < 1:
            raise CommandError(
                "--coaches, --clients-per-coach and --sessions-per-client must be at least 1"
            )
        started = time.perf_counter()
        try:
            report = seed_scale(
                coaches=coaches,
                clients_per_coach=clients_per_coach,
                sessions_per_client=sessions_per_client,
                seed=seed,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{report.coaches} coaches, {report.clients} clients, {report.sessions} sessions, {report.programs} programs, "
            f"{report.prescriptions} prescriptions, {report.completions} completions in {elapsed:.1f} s "
            "(coach password: weaklink-scale)"
        )

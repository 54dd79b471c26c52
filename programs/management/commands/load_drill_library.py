"""Load (or update) the shared drill library from its JSON file.

`--if-empty` is what deployments run on every start (the compose `migrate`
job, deploy/local-stack.sh): it loads the file into a database without shared
drills and otherwise does nothing at all, so the cues, doses and rung moves
editors made in the admin are never overwritten, and a library that editors
have moved away from the file never stops a start.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programs.library.files import (
    LIBRARY_PATH,
    LibraryError,
    library_load,
    read_library,
)
from programs.models import Drill


class Command(BaseCommand):
    help = (
        "Create or update shared drills by slug from the library file. Idempotent; refuses "
        "broken ladders and unknown contraindication codes or pain ceilings, in a dry run too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            default=str(LIBRARY_PATH),
            help="library JSON (default: the bundled one)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print what would change, write nothing",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="load only into a library with no shared drills; otherwise change nothing (deployments)",
        )

    def handle(
        self,
        *args: object,
        path: str,
        dry_run: bool,
        if_empty: bool = False,
        **options: object,
    ) -> None:
        if if_empty:
            shared = Drill.objects.filter(owner__isnull=True).count()
            if shared:
                self.stdout.write(
                    f"The library already holds {shared} shared drills: left as the editors keep it."
                )
                return
        try:
            report = library_load(read_library(Path(path)), dry_run=dry_run)
        except LibraryError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)

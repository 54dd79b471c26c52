"""Load (or update) the shared drill library from its JSON file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programs.library import LIBRARY_PATH, LibraryError, library_load, read_library


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

    def handle(
        self, *args: object, path: str, dry_run: bool, **options: object
    ) -> None:
        try:
            report = library_load(read_library(Path(path)), dry_run=dry_run)
        except LibraryError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)

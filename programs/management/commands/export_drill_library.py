"""Write the shared drill library in the format load_drill_library reads."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from programs.library.files import library_export_text


class Command(BaseCommand):
    help = "Print (or write) the shared drill library as JSON, contraindication codes and pain ceilings included."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", help="file to write (default: standard output)"
        )

    def handle(self, *args: object, output: str | None, **options: object) -> None:
        # The same text as the admin's "Download library JSON".
        text = library_export_text()
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")

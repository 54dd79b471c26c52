"""The findings contract on the command line (DESIGN.md): JSON in, JSON out."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from assessments.core.contract import ContractError, load_document, parse_request
from programs.services import assess_document, drill_catalogue, drill_ladders


class Command(BaseCommand):
    help = "Read a session as JSON (a file, or - for standard input) and print findings, progression and changes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="SESSION.json, or - for standard input")

    def fail(self, problems: list[str]) -> None:
        for problem in problems:
            self.stderr.write(problem)
        sys.exit(2)

    def handle(self, *args: object, source: str, **options: object) -> None:
        try:
            if source == "-":
                text = sys.stdin.read()
            else:
                with open(source, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as error:
            self.fail([f"{source}: cannot read ({error.strerror})"])
        except UnicodeDecodeError:
            self.fail([f"{source}: not UTF-8 text"])
        try:
            data = load_document(text)
        except ContractError as error:
            self.fail(error.problems)
        catalogue = drill_catalogue()
        if not catalogue:
            self.fail(
                [
                    "drill library: empty; run 'python manage.py load_drill_library' first"
                ]
            )
        try:
            request = parse_request(data, library=drill_ladders(catalogue))
        except ContractError as error:
            self.fail(error.problems)
        document = assess_document(request=request, catalogue=catalogue)
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))

"""Load demo data for `make run`: a demo coach, a library editor and a few clients."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from programs.devdata.demo import DEMO_COACH_PASSWORD, DEMO_COACH_USERNAME, load_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo coach and clients. Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        summary = load_demo()
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(
            self.style.WARNING(
                f"Demo coach login: username '{DEMO_COACH_USERNAME}', password '{DEMO_COACH_PASSWORD}' (http://127.0.0.1:8000)"
            )
        )

"""Enqueue each coach's weekly digest (clients/views/digest.py), once a week per coach.

A coach's week starts on Monday at 07:00 in the coach's own time zone; run it
hourly and each coach gets the digest at the first run after that:

    5 * * * *  cd /app && python manage.py send_digests
"""

from __future__ import annotations

from datetime import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from clients.models import DigestSent, User
from clients.tasks import email_send
from clients.time_zones import zone
from clients.views.digest import coach_digest, digest_claim, digest_email, week_of

SEND_FROM = time(7, 0)  # Monday morning, the coach's time


class Command(BaseCommand):
    help = (
        "Enqueue the weekly digest email for every coach who has not had this week's."
    )

    def handle(self, *args: object, **options: object) -> None:
        now = timezone.now()
        queued = 0
        coaches = User.objects.filter(role=User.Role.COACH, is_active=True).exclude(
            email=""
        )
        for coach in coaches:
            local = timezone.localtime(now, timezone=zone(coach.time_zone))
            if local.weekday() == 0 and local.time() < SEND_FROM:
                continue
            week = week_of(local.date())
            if DigestSent.objects.filter(coach=coach, week_of=week).exists():
                continue
            with timezone.override(zone(coach.time_zone)):
                digest = coach_digest(coach=coach, today=local.date())
                email = digest_email(digest)
            # Claimed even when empty: a quiet week gets no email, and no second look.
            if not digest_claim(coach=coach, week=week) or digest.is_empty:
                continue
            email_send.enqueue(**email)
            queued += 1
        self.stdout.write(f"{queued} digest(s) queued.")

"""Enqueue today's training-day reminders (clients/reminders.py).

Run every few minutes; each client gets at most one a day whatever the rate:

    */10 * * * *  cd /app && python manage.py send_reminders
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from assessments.models import Referral
from clients.models import Client
from clients.reminders import reminders_due
from clients.tasks import reminder_send
from programs.models import Program


class Command(BaseCommand):
    help = (
        "Enqueue email reminders for opted-in clients whose training-day time has come."
    )

    def handle(self, *args: object, **options: object) -> None:
        # A paused plan (open referral) or no published program: nothing to train today.
        clients = Client.objects.filter(
            pk__in=Program.objects.filter(status=Program.Status.PUBLISHED).values(
                "client_id"
            )
        ).exclude(pk__in=Referral.objects.open().values("client_id"))
        due = reminders_due(clients=clients)
        for item in due:
            reminder_send.enqueue(
                client_id=item.client.pk, on_date=item.on_date.isoformat()
            )
        self.stdout.write(f"{len(due)} reminder(s) queued.")

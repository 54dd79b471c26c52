"""Demo data: what `make run` shows a new coach. Idempotent."""

from __future__ import annotations

from django.db import transaction

from clients.models import Client, User

DEMO_COACH_USERNAME = "coach"
DEMO_COACH_PASSWORD = "weaklink-demo"
DEMO_EDITOR_USERNAME = "editor"

DEMO_CLIENTS = (
    {
        "name": "Maya Okafor",
        "activity": "Recreational runner",
        "goals": "Run 10 km without knee pain",
    },
    {
        "name": "Tom Brennan",
        "activity": "Rugby (amateur)",
        "goals": "Squat below parallel again",
    },
    {
        "name": "Ines Duarte",
        "activity": "CrossFit",
        "goals": "Pistol squats on both legs",
    },
    {
        "name": "George Hall",
        "activity": "Hill walking",
        "goals": "Walk downhill without the left knee aching",
    },
)


@transaction.atomic
def load_demo() -> str:
    coach, created = User.objects.get_or_create(
        username=DEMO_COACH_USERNAME,
        defaults={"role": User.Role.COACH, "first_name": "Dana", "last_name": "Reyes"},
    )
    if created:
        coach.set_password(DEMO_COACH_PASSWORD)
        coach.save(update_fields=["password"])
    editor, created = User.objects.get_or_create(
        username=DEMO_EDITOR_USERNAME,
        defaults={
            "role": User.Role.LIBRARY_EDITOR,
            "is_staff": True,
            "first_name": "Lee",
        },
    )
    if created:
        editor.set_password(DEMO_COACH_PASSWORD)
        editor.save(update_fields=["password"])
    added = 0
    for fields in DEMO_CLIENTS:
        _, was_added = Client.objects.get_or_create(
            coach=coach, name=fields["name"], defaults=fields
        )
        added += was_added
    return f"Demo data ready: coach '{coach.username}', {added} new clients ({len(DEMO_CLIENTS)} in all)."

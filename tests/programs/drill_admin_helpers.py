"""Shared by the drill admin tests: a signed-in browser and the change form as the admin posts it."""

from __future__ import annotations

from django.test import Client as HttpClient

from clients.models import User
from programs.models import Drill
from tests.factory import PASSWORD


def signed_in(user: User) -> HttpClient:
    browser = HttpClient()
    assert browser.login(username=user.username, password=PASSWORD)
    return browser


def change_payload(drill: Drill, **changes: object) -> dict[str, object]:
    """The drill's admin change form with its current values, then `changes` on top."""
    data: dict[str, object] = {
        "name": drill.name,
        "slug": drill.slug,
        "region": drill.region,
        "purpose": drill.purpose,
        "ladder": drill.ladder,
        "next_rung": drill.next_rung_id or "",
        "sets": drill.sets,
        "reps": drill.reps or "",
        "seconds": drill.seconds or "",
        "tempo": drill.tempo,
        "cues": "\n".join(drill.cues),
        "instructions": drill.instructions,
        "contraindications": "\n".join(drill.contraindications),
        "finding_codes": list(drill.finding_codes),
        "media_url": drill.media_url,
        "retired_at_0": "",
        "retired_at_1": "",
        "_save": "Save",
    }
    for flag in ("loaded", "per_side"):
        if getattr(drill, flag):
            data[flag] = "on"
    data.update(changes)
    return data

"""Shared by the drill admin tests: a signed-in browser and the change form as the admin posts it."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client as HttpClient

from assessments.core.types import CONTRAINDICATION_CODES
from clients.models import User
from programs.models import Drill
from tests.factory import PASSWORD


def signed_in(user: User) -> HttpClient:
    browser = HttpClient()
    assert browser.login(username=user.username, password=PASSWORD)
    return browser


def change_payload(drill: Drill, **changes: Any) -> dict[str, object]:
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
        "contraindication_codes": list(drill.contraindication_codes),
        "max_pain": "" if drill.max_pain is None else drill.max_pain,
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


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """What a person reads on the page: its text, without tags, attributes or scripts."""
    parser = _TextParser()
    parser.feed(page)
    return " ".join(parser.parts)


def code_names_shown(page: str) -> list[str]:
    """Contraindication codes that appear in the page's readable text (should be none)."""
    text = visible_text(page)
    return [code for code in CONTRAINDICATION_CODES if code in text]

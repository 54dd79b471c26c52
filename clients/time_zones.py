"""Whose day it is: time zones of coaches and clients, and "today" in them.

A blank zone means "not chosen yet": the site's TIME_ZONE (settings) stands in.
The middleware (config.middleware.user_time_zone) activates the signed-in
person's zone, so ``timezone.localdate()`` and the template date filters follow
it; a coach page that needs the client's day asks ``today_for(client)``.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, tzinfo
from functools import cache
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

if TYPE_CHECKING:
    from clients.models import Client


@cache
def zone_names() -> frozenset[str]:
    """Every IANA zone this machine knows (the tzdata package fills in where the OS has none)."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[tuple[str, str]]:
    """(name, label) pairs for a select: "Australia/Sydney" reads "Australia / Sydney"."""
    return [
        (name, name.replace("/", " / ").replace("_", " "))
        for name in sorted(zone_names())
    ]


def validate_time_zone(name: str) -> None:
    if name and name not in zone_names():
        raise ValidationError(
            "Choose a time zone from the list, for example Europe/London.",
            code="time_zone",
        )


def zone(name: str) -> tzinfo:
    """The zone called ``name``, or the site's default for a blank or unknown name."""
    if name and name in zone_names():
        return zoneinfo.ZoneInfo(name)
    return timezone.get_default_timezone()


def today_for(client: Client, *, now: datetime | None = None) -> date:
    """The client's own date: what "today" is where the client lives."""
    return timezone.localdate(now or timezone.now(), timezone=zone(client.time_zone))


def local_now_for(client: Client, *, now: datetime | None = None) -> datetime:
    return timezone.localtime(now or timezone.now(), timezone=zone(client.time_zone))

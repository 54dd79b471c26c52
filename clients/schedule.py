"""Which days a client trains: the one rule every reminder and count asks.

Until training days are stored per client, every client trains on the
documented default, Monday, Wednesday and Friday (three days a week, DESIGN.md).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clients.models import Client

# date.weekday(): Monday is 0.
DEFAULT_TRAINING_DAYS = frozenset({0, 2, 4})


def is_training_day(client: Client, day: date) -> bool:
    return day.weekday() in DEFAULT_TRAINING_DAYS

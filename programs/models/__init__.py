"""The programs app's models, one module per area; every model is importable from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from programs.models.drills import (
    LIBRARY_STAMP_SQL,
    Drill,
    DrillQuerySet,
    DrillRevision,
    LibraryStamp,
    Purpose,
    Region,
    Side,
    library_stamp,
)
from programs.models.log import Completion, PainAlert, PainReport, StepDown
from programs.models.programs import Phase, Prescription, Program

if TYPE_CHECKING:
    from programs.models.drills import StampedClient

__all__ = [
    "LIBRARY_STAMP_SQL",
    "Completion",
    "Drill",
    "DrillQuerySet",
    "DrillRevision",
    "LibraryStamp",
    "PainAlert",
    "PainReport",
    "Phase",
    "Prescription",
    "Program",
    "Purpose",
    "Region",
    "Side",
    "StampedClient",
    "StepDown",
    "library_stamp",
]

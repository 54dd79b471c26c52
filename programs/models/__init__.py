"""The programs app's models, one module per area; every model is importable from here."""

from __future__ import annotations

from programs.models.drills import (
    LIBRARY_STAMP_SQL,
    Drill,
    DrillQuerySet,
    DrillRevision,
    Purpose,
    Region,
    Side,
    library_stamp,
)
from programs.models.log import Completion, PainAlert, PainReport, StepDown
from programs.models.programs import Phase, Prescription, Program

__all__ = [
    "LIBRARY_STAMP_SQL",
    "Completion",
    "Drill",
    "DrillQuerySet",
    "DrillRevision",
    "PainAlert",
    "PainReport",
    "Phase",
    "Prescription",
    "Program",
    "Purpose",
    "Region",
    "Side",
    "StepDown",
    "library_stamp",
]

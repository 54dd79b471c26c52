"""The programs app's models, one module per area; every model is importable from here."""

from __future__ import annotations

from programs.models.drills import (
    Drill,
    DrillQuerySet,
    DrillRevision,
    Purpose,
    Region,
    Side,
)
from programs.models.log import Completion, PainAlert, PainReport, StepDown
from programs.models.programs import Phase, Prescription, Program

__all__ = [
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
]

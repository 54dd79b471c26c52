"""The progression builder's frozen dataclasses, in and out (pure: no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assessments.core.types import Clearance
from programs.progression.rules import STATUS_CLEARED, STATUS_PROGRAM, STATUS_REFER_OUT


@dataclass(frozen=True, slots=True)
class CatalogueDrill:
    """A drill as the builder sees it (a snapshot of the library row)."""

    slug: str
    name: str
    ladder: str  # ladder key, e.g. "ankle"
    rung: int  # 1 = easiest rung of its ladder
    region: str
    purpose: str  # mobility | activation | control | strength
    loaded: bool
    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    per_side: bool
    cues: tuple[str, ...]
    finding_codes: tuple[str, ...]
    # Codes of CONTRAINDICATION_CODES that exclude the drill (CLINICAL.md section 9).
    contraindications: tuple[str, ...] = ()
    # Not given when the session's knee pain is above this (0-10); None: no ceiling.
    max_pain: int | None = None
    previous_slug: str | None = None
    next_slug: str | None = None


@dataclass(frozen=True, slots=True)
class PrescribedDrill:
    slug: str
    name: str
    ladder: str
    region: str
    purpose: str
    loaded: bool
    side: str | None  # left | right | both | None
    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    reasons: tuple[
        str, ...
    ]  # finding codes of the same output, each in the drill's own codes
    cues: tuple[str, ...]
    # On re-assessment: "up" | "hold" | "down"; None for a first program.
    move: str | None = None
    move_reason: str = ""


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    name: str
    weeks: int
    exit_criteria: tuple[str, ...]
    drills: tuple[PrescribedDrill, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A drill the builder would have given but excluded, and why.

    `reason` is "contraindication:<code>" or "max_pain:<ceiling>".
    """

    slug: str
    ladder: str
    reason: str


@dataclass(frozen=True, slots=True)
class LadderMove:
    """How one ladder moved from the client's current rung (DESIGN.md contract version 2)."""

    ladder: str
    side: str | None  # left | right | both | None
    from_slug: str | None
    to_slug: str
    move: str  # start | up | hold | down
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DroppedLadder:
    """A ladder of the current program the proposal leaves out, its drill and why."""

    ladder: str
    slug: str
    reason: str  # in words: "Goal met: ..." or "Left out: ..."


@dataclass(frozen=True, slots=True)
class Progression:
    """What the builder returns: the phases, every excluded drill, every finding left bare."""

    phases: tuple[Phase, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    unaddressed: tuple[str, ...] = ()  # finding codes with no allowed drill
    ladders: tuple[LadderMove, ...] = ()
    dropped: tuple[DroppedLadder, ...] = ()


def programming_status(
    *, refer_out: bool, assessed_on: date | None, clearance: Clearance | None
) -> str:
    """ "program", "refer_out" or "cleared" (DESIGN.md, contract version 2).

    A clearance clears red flags only when it is dated on or after the session;
    a session without a date cannot be shown to be cleared, so it stays referred.
    """
    if not refer_out:
        return STATUS_PROGRAM
    if (
        clearance is not None
        and assessed_on is not None
        and clearance.cleared_on >= assessed_on
    ):
        return STATUS_CLEARED
    return STATUS_REFER_OUT

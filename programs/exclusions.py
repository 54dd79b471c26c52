"""Which drills a client must not be given by hand (CLINICAL.md sections 8 and 9).

The engine applies the same rules when it builds a program; this module applies them
to the coach's own edits (swap, add) and to the page's buttons, so a drill the
engine would never give cannot slip in by a click. Reads no database: the caller
passes the program's facts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from assessments.core.wording import exclusion_words
from programs.models import Drill, Program
from programs.progression.rules import (
    exclusion_reason,
    session_contraindications,
)

# Phases 1 and 2 (Restore, Control) of a program built after a referral hold no
# loaded drill (CLINICAL.md section 8).
NO_LOAD_PHASES_AFTER_REFERRAL = 2


@dataclass(frozen=True, slots=True)
class ProgramLimits:
    """What excludes a drill from one program."""

    codes: frozenset[
        str
    ]  # the client's codes, plus irritable_anterior_knee when the program answers anterior knee pain
    knee_pain: int | None  # knee pain at the program's source session
    referred: bool  # built from a red-flag session (after a clearance or override)


def program_limits(
    *, program: Program, client_codes: Collection[str], session_pain: bool = True
) -> ProgramLimits:
    """The limits of one program; `session_pain=False` leaves the pain ceilings out
    (they were applied when the program was built) and reads no session."""
    codes = session_contraindications(
        contraindications=client_codes,
        finding_codes={
            f["code"] for f in program.findings if isinstance(f, dict) and "code" in f
        },
    )
    session = (
        program.source_session if program.source_session_id and session_pain else None
    )
    return ProgramLimits(
        codes=codes,
        knee_pain=session.knee_pain_nrs if session is not None else None,
        referred=program.refer_out,
    )


def load_block(drill: Drill, *, limits: ProgramLimits, phase_number: int) -> str:
    """Why a loaded drill may not go in this phase ("" when it may); never overridable."""
    if (
        drill.loaded
        and limits.referred
        and phase_number <= NO_LOAD_PHASES_AFTER_REFERRAL
    ):
        return f"{drill.name} is loaded. After a referral, Restore and Control hold no loaded drill."
    return ""


def exclusion(drill: Drill, *, limits: ProgramLimits) -> str:
    """Why this client should not do the drill ("" when nothing excludes it), in words.

    The engine's own rule (`exclusion_reason`), so a hand edit can never let in
    what generation leaves out (`no_loading` excludes every loaded drill, too).
    """
    reason = exclusion_reason(
        drill_codes=drill.contraindication_codes,
        loaded=drill.loaded,
        max_pain=drill.max_pain,
        contraindications=limits.codes,
        knee_pain=limits.knee_pain,
    )
    if not reason:
        return ""
    return f"{drill.name} is excluded for this client: {exclusion_words(reason)}."


def drills_allowed_now[T](
    items: Iterable[T],
    *,
    drill_of: Callable[[T], Drill],
    limits: ProgramLimits,
    kept: Callable[[T], bool],
) -> list[T]:
    """Leave out what the client must not do now (a code added after the program was
    built), unless the coach kept it on purpose (`kept`: added with a written reason)."""
    return [
        item
        for item in items
        if kept(item) or not exclusion(drill_of(item), limits=limits)
    ]

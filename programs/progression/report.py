"""What a proposal says about each ladder: how it moved, and which ones it leaves out and why (pure).

CLINICAL.md section 11: a proposal starts from the rung the client is on now;
a ladder stays while a finding it answers is present, and leaves the program
when none remains, the proposal saying the goal was met. Plain words only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assessments.core.types import Finding
from assessments.core.wording import FINDING_PHRASES, exclusion_words
from programs.progression.plan import plan_for, previous_position
from programs.progression.rows import BuildContext, Track
from programs.progression.rules import (
    LADDERS_FOR_FINDING,
    finding_priority,
)
from programs.progression.types import (
    CatalogueDrill,
    DroppedLadder,
    LadderMove,
    Phase,
)

_RULED_LADDERS = frozenset(
    ladder for ladders in LADDERS_FOR_FINDING.values() for ladder in ladders
)


def answers(
    ladder: str, code: str, ladders: Mapping[str, Sequence[CatalogueDrill]]
) -> bool:
    """Whether a ladder is there for a finding: the rules table says so, or, for a
    ladder the table never names, its drills list the code."""
    if ladder in _RULED_LADDERS:
        return ladder in LADDERS_FOR_FINDING.get(code, ())
    return any(code in drill.finding_codes for drill in ladders.get(ladder, ()))


def ladder_moves(
    tracks: list[Track], first: Phase, context: BuildContext
) -> tuple[LadderMove, ...]:
    """One entry per ladder (and side when the sides differ) of the progression's first phase."""
    entries: list[LadderMove] = []
    by_ladder: dict[str, list[Track]] = {}
    for track in tracks:
        by_ladder.setdefault(track.ladder, []).append(track)
    for ladder in sorted(by_ladder):
        group: dict[tuple, list[str | None]] = {}
        for track in by_ladder[ladder]:
            drills = context.ladders[ladder]
            to = drills[track.positions[0]]
            row = next(
                (d for d in first.drills if d.slug == to.slug),
                None,
            )
            if row is None:
                continue
            came = None if track.previous is None else drills[track.previous].slug
            move = track.move or "start"
            reasons = track.reasons or (
                ("new in this program: " + ", ".join(_finding_words(track)),)
            )
            key = (came, to.slug, move, reasons, to.per_side)
            group.setdefault(key, []).append(track.side)
        for (came, to_slug, move, reasons, per_side), sides in group.items():
            if set(sides) >= {"left", "right"} or (None in sides and per_side):
                side = "both"
            elif None in sides:
                side = None
            else:
                side = sides[0]
            entries.append(LadderMove(ladder, side, came, to_slug, move, reasons))
    return tuple(entries)


def _finding_words(track: Track) -> list[str]:
    words = []
    for finding in sorted(track.findings, key=finding_priority):
        text = FINDING_PHRASES.get(finding.code, "a finding of this session")
        if finding.side in ("left", "right"):
            text = f"{text} ({finding.side})"
        words.append(text)
    return list(dict.fromkeys(words))


def dropped_ladders(
    context: BuildContext,
    tracks: list[Track],
    dropped_tracks: list[Track],
    findings: list[Finding],
) -> tuple[DroppedLadder, ...]:
    """Every ladder of the current program the proposal leaves out, with its drill and why."""
    kept = {track.ladder for track in tracks}
    out: dict[str, DroppedLadder] = {}
    for key in sorted(context.previous_rungs):
        ladder = key.split(":")[0]
        if ladder in kept or ladder in out or ladder not in context.ladders:
            continue
        position, _ = previous_position(ladder, None, context)
        if position is None:
            continue
        drill = context.ladders[ladder][position]
        answered = [f for f in findings if answers(ladder, f.code, context.ladders)]
        if not answered:
            aims = [
                FINDING_PHRASES[code]
                for code in FINDING_PHRASES
                if answers(ladder, code, context.ladders)
            ]
            reason = (
                "Goal met: no sign of "
                + (" or ".join(aims) if aims else "what it works on")
                + " in this session."
            )
        else:
            plans = [
                plan_for(t.ladder, t.side, t.start, context)
                for t in dropped_tracks
                if t.ladder == ladder
            ]
            why = next((p.move_reason for p in plans if p.move_reason), "")
            if not why and drill.slug in context.excluded:
                why = exclusion_words(context.excluded[drill.slug])
            reason = "Left out: " + (
                why
                or "other drills answer what it worked on, and each phase is kept short"
            )
        out[ladder] = DroppedLadder(ladder=ladder, slug=drill.slug, reason=reason)
    return tuple(out.values())

"""Where one ladder stands in each phase for one side (pure: no Django).

A first program starts on the easiest allowed unloaded rung (the nearest lower
allowed rung when one is excluded, CLINICAL.md section 9). A re-assessment
starts from the client's current rung and moves it by the ladder's governance
(programs/progression/governance.py): one rung up, hold or one rung down, never two. When
that rung may not be given (excluded, or loaded while loading waits), an up
move holds; otherwise the nearest lower allowed rung is taken (CLINICAL.md
section 9: safety may take more than one rung down), and the reason names every
rung passed over. Later phases climb one rung each.
"""

from __future__ import annotations

from assessments.core.wording import exclusion_words
from programs.progression.governance import ladder_move
from programs.progression.rows import BuildContext, Plan


def plan_for(ladder: str, side: str | None, start: int, context: BuildContext) -> Plan:
    """The memoised plan of one ladder for one side."""
    key = (ladder, side, start)
    if key not in context.plans:
        context.plans[key] = _make_plan(ladder, side, start, context)
    return context.plans[key]


def previous_position(
    ladder: str, side: str | None, context: BuildContext
) -> tuple[int | None, bool]:
    """The client's current rung on a ladder, and whether it was given for that side alone.

    "ankle:left" wins over "ankle" for the left side; a ladder prescribed to the
    client as a whole reads "ankle", else the lower of the two sided rungs. A
    slug that is not on that ladder counts as no current rung.
    """
    by_slug = {drill.slug: i for i, drill in enumerate(context.ladders[ladder])}
    if side and context.previous_rungs.get(f"{ladder}:{side}") in by_slug:
        return by_slug[context.previous_rungs[f"{ladder}:{side}"]], True
    if context.previous_rungs.get(ladder) in by_slug:
        return by_slug[context.previous_rungs[ladder]], False
    if side is None:
        found = [
            by_slug[slug]
            for key in (f"{ladder}:left", f"{ladder}:right")
            if (slug := context.previous_rungs.get(key)) in by_slug
        ]
        return (min(found), False) if found else (None, False)
    return None, False


def _make_plan(
    ladder: str, side: str | None, start: int, context: BuildContext
) -> Plan:
    drills = context.ladders[ladder]
    previous, sided = previous_position(ladder, side, context)
    # Loaded rungs belong to Strengthen, unless the client already trained
    # loaded on this ladder; never after a referral or while pain rises.
    early_load = (
        context.early_loading and previous is not None and drills[previous].loaded
    )

    def may_use(position: int, phase_index: int) -> bool:
        if not drills[position].loaded:
            return True
        strengthen = context.phase_numbers[phase_index] == 3
        return early_load or (context.strengthen_loading and strengthen)

    skips: list[int] = []
    words: list[str] = []
    first = None
    if previous is None:
        # The nearest allowed rung at or below the one wanted, never above it.
        for position in range(start, -1, -1):
            if not may_use(position, 0):
                continue
            if drills[position].slug in context.excluded:
                skips.append(position)
                continue
            first = position
            break
    else:
        sides = (side,) if sided and side else context.ladder_sides.get(ladder, ())
        decided = ladder_move(ladder=ladder, sides=sides, state=context.reassessment)
        words.extend(decided.reasons)
        target = min(max(previous + decided.step, 0), len(drills) - 1)
        if decided.step and target == previous:
            words.append(
                "already on the top rung"
                if decided.step > 0
                else "already on the first rung"
            )
        # The move is never more than one rung. Up to a rung that may not be
        # given: hold. Otherwise the nearest lower allowed rung (section 9:
        # safety may take more than one rung down, and the reason says so).
        candidates = [target]
        if target > previous:
            candidates.append(previous)
        candidates.extend(range(min(target, previous) - 1, -1, -1))
        for position in candidates:
            drill = drills[position]
            if not may_use(position, 0):
                if position > previous:
                    words.append(
                        f"the next rung is loaded and {context.no_load_reason}"
                    )
                else:
                    words.append(
                        f"{drill.name} is loaded and {context.no_load_reason}, "
                        "so back to the last unloaded rung"
                    )
                continue
            if drill.slug in context.excluded:
                skips.append(position)
                words.append(
                    f"{drill.name} is left out ({exclusion_words(context.excluded[drill.slug])})"
                )
                continue
            first = position
            break
    if first is None:
        return Plan(
            positions=(),
            skips=tuple(skips),
            previous=previous,
            reasons=tuple(dict.fromkeys(words)),
        )
    positions = [first]
    for phase_index in range(1, len(context.phase_numbers)):
        step = positions[-1] + 1
        # One rung up per phase; hold when the next rung may not be used yet,
        # or not at all (never jump over an excluded rung).
        if step < len(drills) and may_use(step, phase_index):
            if drills[step].slug in context.excluded:
                skips.append(step)
                step = positions[-1]
        else:
            step = positions[-1]
        positions.append(step)
    move = None
    if previous is not None:
        move = "up" if first > previous else "down" if first < previous else "hold"
    reasons = tuple(dict.fromkeys(words))
    return Plan(
        positions=tuple(positions),
        move=move,
        move_reason="; ".join(reasons),
        skips=tuple(skips),
        previous=previous,
        reasons=reasons,
    )

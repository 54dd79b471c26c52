"""The pure progression builder: findings and a drill catalogue in, phases out.

No Django and no app imports but the pure core (see ../shared/STYLE.md). Rules
follow CLINICAL.md sections 7, 9, 11 and 12: the tables and wording live in
rules.py, ladder governance in governance.py, exit criteria in phase_gate.py,
one ladder's plan in plan.py and a phase's rows in rows.py (all in this
folder); the drill_library.json reader is catalogue.py.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from assessments.core.findings import Change, Finding
from assessments.core.types import SessionInput
from programs.progression.governance import Reassessment
from programs.progression.phase_gate import phase_criteria
from programs.progression.plan import plan_for
from programs.progression.report import answers, dropped_ladders, ladder_moves
from programs.progression.rows import BuildContext, Track, rows_for_phase
from programs.progression.rules import (
    LADDERS_FOR_FINDING,
    LADDERS_TOGETHER,
    MAX_DRILLS_PER_PHASE,
    NO_LOADING_CODE,
    PHASES,
    SIDE_ORDER,
    exclusion_reason,
    finding_priority,
    no_load_reason,
    session_contraindications,
)
from programs.progression.types import (
    CatalogueDrill,
    DroppedLadder,
    LadderMove,
    Phase,
    PrescribedDrill,
    Progression,
    Skipped,
    programming_status,
)

__all__ = [
    "CatalogueDrill",
    "DroppedLadder",
    "LadderMove",
    "Phase",
    "PrescribedDrill",
    "Progression",
    "Skipped",
    "build_progression",
    "programming_status",
]


def build_progression(
    *,
    findings: Sequence[Finding],
    refer_out: bool,
    catalogue: Sequence[CatalogueDrill],
    changes: Sequence[Change] = (),
    previous_rungs: Mapping[str, str] | None = None,
    pain_rising: bool = False,
    contraindications: Collection[str] = (),
    knee_pain: int | None = None,
    cleared: bool = False,
    first_phase: int = 1,
    reassessment: Reassessment | None = None,
) -> Progression:
    """Phases from `first_phase` to Strengthen (Control while knee pain is rising).

    `previous_rungs` maps a ladder key to the slug the client is on now (contract
    version 2: `current_program.rungs`). A side may be named: "ankle:left" wins
    over "ankle" for the left side. A slug that is not on that ladder counts as
    no current rung. Each ladder with a current rung moves by its governance
    (CLINICAL.md section 11, programs/progression/governance.py) from `reassessment` (built
    from `findings`, `changes` and `pain_rising` when not given): one rung up,
    hold or one rung down, never two. A ladder of the current program stays
    while a finding it answers is present; otherwise it is in `dropped`.

    `refer_out` without `cleared` gives no progression at all: an unloaded
    program is not a gentle one (CLINICAL.md section 4). With a clinician's
    clearance the program is built, and Restore and Control hold no loaded
    drill (section 8). Loaded rungs come with phase 3, or earlier only on a
    ladder the client already trained loaded (never after a referral); never
    while pain rises.

    `contraindications` (the client's codes and any clearance restrictions; an
    anterior knee pain finding adds `irritable_anterior_knee`) and `knee_pain`
    (against each drill's `max_pain`) exclude drills (section 9). Every excluded
    drill the builder wanted is in `skipped`; a finding with no allowed drill on
    any ladder is in `unaddressed`. A drill is given for a finding only when its
    own finding codes list it (section 12).
    """
    if refer_out and not cleared:
        return Progression()
    answerable = [f for f in findings if f.code != "refer_out"]
    codes = session_contraindications(
        contraindications=contraindications,
        finding_codes={f.code for f in answerable},
    )
    ladders: dict[str, list[CatalogueDrill]] = {}
    for drill in sorted(catalogue, key=lambda d: (d.ladder, d.rung, d.slug)):
        ladders.setdefault(drill.ladder, []).append(drill)
    excluded = {
        drill.slug: reason
        for drill in catalogue
        if (
            reason := exclusion_reason(
                drill_codes=drill.contraindications,
                loaded=drill.loaded,
                max_pain=drill.max_pain,
                contraindications=codes,
                knee_pain=knee_pain,
            )
        )
    }
    if reassessment is None:
        reassessment = Reassessment(
            session=SessionInput(),
            findings=tuple(answerable),
            changes=tuple(changes),
            pain_rising=pain_rising,
        )
    last = 2 if pain_rising and first_phase <= 2 else 3
    first_phase = min(max(first_phase, 1), 3)
    context = BuildContext(
        ladders={key: tuple(drills) for key, drills in ladders.items()},
        early_loading=not refer_out and not pain_rising,
        strengthen_loading=not pain_rising,
        no_load_reason=no_load_reason(refer_out=refer_out, pain_rising=pain_rising),
        previous_rungs=dict(previous_rungs or {}),
        reassessment=reassessment,
        phase_numbers=tuple(range(first_phase, last + 1)),
        excluded=excluded,
        ladder_sides=_ladder_sides(answerable, ladders),
        plans={},
    )
    covered: list[Finding] = []
    uncovered: list[Finding] = []
    chosen: list[tuple[Finding, str, int]] = []
    optional: list[tuple[Finding, str, int]] = []
    left_out: list[tuple[str, str | None, int]] = []  # plan keys of ladders left out
    current = _current_ladders(context)
    for finding in sorted(answerable, key=finding_priority):
        if finding in covered or finding in uncovered:
            continue
        options = _ladder_options(finding, context, left_out)
        if not options:
            uncovered.append(finding)
            continue
        covered.append(finding)
        together = LADDERS_TOGETHER.get(finding.code, ())
        for index, option in enumerate(options):
            # The first ladder always; a ladder the client is on stays while a
            # finding it answers is present; some findings need two ladders at
            # once (anterior knee pain: hip and knee work, `crossley-2016`).
            if index == 0 or option[0] in current or option[0] in together:
                chosen.append((finding, *option))
            else:
                optional.append((finding, *option))
    assembly = _assemble(chosen, context, compact=True)
    # Extra ladders only while every phase stays under the cap; the first
    # ladder of each finding is kept whatever the count (coverage wins).
    for extra in optional:
        trial = _assemble([*chosen, extra], context, compact=False)
        if max((len(rows) for rows in trial[0]), default=0) <= MAX_DRILLS_PER_PHASE:
            chosen, assembly = [*chosen, extra], trial
    rows, tracks, dropped_tracks = assembly
    # A finding no phase's drills answer on its side (tracks merged onto a rung
    # that does not list it) is said to be unaddressed rather than dropped.
    for finding in list(covered):
        if not _answered(finding, tracks, rows):
            covered.remove(finding)
            uncovered.append(finding)
    skipped = _skipped(
        [
            *((t.ladder, t.side, t.start) for t in tracks),
            *((t.ladder, t.side, t.start) for t in dropped_tracks),
            *left_out,
        ],
        context,
    )
    unaddressed = tuple(
        dict.fromkeys(f.code for f in sorted(uncovered, key=finding_priority))
    )
    dropped = dropped_ladders(context, tracks, dropped_tracks, answerable)
    if not tracks:
        return Progression(skipped=skipped, unaddressed=unaddressed, dropped=dropped)
    loading = NO_LOADING_CODE not in codes
    phases = tuple(
        Phase(
            number=number,
            name=name,
            weeks=weeks,
            exit_criteria=tuple(
                criterion.text
                for criterion in phase_criteria(
                    findings=covered,
                    phase_number=number,
                    pain_rising=pain_rising,
                    loading=loading,
                )
            ),
            drills=phase_rows,
        )
        for (number, name, weeks), phase_rows in zip(
            [PHASES[n - 1] for n in context.phase_numbers], rows, strict=True
        )
    )
    return Progression(
        phases=phases,
        skipped=skipped,
        unaddressed=unaddressed,
        ladders=ladder_moves(tracks, phases[0], context),
        dropped=dropped,
    )


def _ladder_sides(
    findings: list[Finding], ladders: Mapping[str, Sequence[CatalogueDrill]]
) -> dict[str, tuple[str, ...]]:
    """The sides each ladder serves: one rung for both (CLINICAL.md section 11)."""
    sides: dict[str, set[str]] = {}
    for ladder in ladders:
        for finding in findings:
            if answers(ladder, finding.code, ladders):
                sides.setdefault(ladder, set()).update(
                    s for s in _sides(finding) if s in ("left", "right")
                )
    return {
        ladder: tuple(s for s in ("left", "right") if s in found)
        for ladder, found in sides.items()
    }


def _current_ladders(context: BuildContext) -> set[str]:
    return {key.split(":")[0] for key in context.previous_rungs} & set(context.ladders)


def _answered(
    finding: Finding, tracks: list[Track], rows: list[tuple[PrescribedDrill, ...]]
) -> bool:
    holding = [t for t in tracks if finding in t.findings]
    for sides in _sides(finding):
        if not any(sides is None or t.side == sides for t in holding):
            return False
    for phase_rows in rows:
        answering = [d for d in phase_rows if finding.code in d.reasons]
        for side in _sides(finding):
            if not any(
                side is None or d.side in (side, "both", None) for d in answering
            ):
                return False
    return True


def _skipped(
    keys: list[tuple[str, str | None, int]], context: BuildContext
) -> tuple[Skipped, ...]:
    positions = {
        (ladder, position)
        for ladder, side, start in keys
        for position in plan_for(ladder, side, start, context).skips
    }
    seen: dict[str, Skipped] = {}
    for ladder, position in sorted(positions):
        drill = context.ladders[ladder][position]
        seen.setdefault(
            drill.slug, Skipped(drill.slug, ladder, context.excluded[drill.slug])
        )
    return tuple(seen.values())


def _usable(finding: Finding, ladder: str, start: int, context: BuildContext) -> bool:
    """Every side of the finding has a plan on this ladder whose every rung lists its code."""
    drills = context.ladders[ladder]
    for side in _sides(finding):
        positions = plan_for(ladder, side, start, context).positions
        if not positions:
            return False
        if any(finding.code not in drills[p].finding_codes for p in positions):
            return False
    return True


def _excluded_only(
    finding: Finding, ladder: str, start: int, context: BuildContext
) -> bool:
    return any(
        not plan_for(ladder, side, start, context).positions for side in _sides(finding)
    )


def _ladder_options(
    finding: Finding,
    context: BuildContext,
    left_out: list[tuple[str, str | None, int]],
) -> list[tuple[str, int]]:
    """(ladder, starting position) pairs for a finding, best first.

    A ladder with no allowed rung for a side of the finding is no option; its
    plan key goes to `left_out` so its excluded drills are reported. A ladder
    whose rungs do not all list the finding's code is no option either.
    """
    # A first program starts unloaded; loaded rungs come with Strengthen.
    options: list[tuple[str, int]] = []
    refused: set[str] = set()
    for ladder in LADDERS_FOR_FINDING.get(finding.code, ()):
        drills = context.ladders.get(ladder, ())
        start = next((i for i, drill in enumerate(drills) if not drill.loaded), None)
        if start is None:
            continue
        if _usable(finding, ladder, start, context):
            options.append((ladder, start))
        elif _excluded_only(finding, ladder, start, context):
            refused.add(ladder)
            left_out.extend((ladder, side, start) for side in _sides(finding))
    if options:
        return options
    # Not in the rules table (or its ladders are missing or left out): the
    # easiest drill that lists the code, on whatever other ladder it sits. Only
    # each ladder's easiest such drill: a harder rung never stands in for an
    # excluded easier one.
    easiest: dict[str, int] = {}
    for ladder, drills in context.ladders.items():
        for i, drill in enumerate(drills):
            if finding.code in drill.finding_codes and not drill.loaded:
                easiest.setdefault(ladder, i)
    for start, ladder in sorted((i, ladder) for ladder, i in easiest.items()):
        if ladder in refused:
            continue
        if _usable(finding, ladder, start, context):
            return [(ladder, start)]
        if _excluded_only(finding, ladder, start, context):
            left_out.extend((ladder, side, start) for side in _sides(finding))
    return []


def _sides(finding: Finding) -> tuple[str | None, ...]:
    if finding.side in ("left", "right"):
        return (finding.side,)
    return ("left", "right") if finding.side == "both" else (None,)


def _assemble(
    assignments: list[tuple[Finding, str, int]], context: BuildContext, *, compact: bool
) -> tuple[list[tuple[PrescribedDrill, ...]], list[Track], list[Track]]:
    """The phases' rows, the tracks that made it, and those left out (no allowed rung)."""
    tracks: dict[tuple[str, str | None], Track] = {}
    for finding, ladder, start in assignments:
        for side in _sides(finding):
            track = tracks.setdefault(
                (ladder, side), Track(ladder=ladder, side=side, start=start)
            )
            track.start = min(track.start, start)
            if finding not in track.findings:
                track.findings.append(finding)
    # A whole-body finding on a ladder that already has sided drills rides on
    # them (heel rise explained by the stiff left ankle) rather than adding a
    # second row for both sides.
    for ladder, side in sorted(tracks, key=lambda key: (key[0], SIDE_ORDER[key[1]])):
        sided = [
            tracks[(ladder, s)] for s in ("left", "right") if (ladder, s) in tracks
        ]
        if side is None and sided:
            whole = tracks.pop((ladder, None))
            for track in sided:
                track.start = min(track.start, whole.start)
                track.findings.extend(
                    f for f in whole.findings if f not in track.findings
                )
    ordered: list[Track] = []
    dropped: list[Track] = []
    for track in sorted(tracks.values(), key=lambda t: (t.ladder, SIDE_ORDER[t.side])):
        plan = plan_for(track.ladder, track.side, track.start, context)
        if not plan.positions:
            dropped.append(track)
            continue
        track.positions, track.move, track.move_reason = (
            plan.positions,
            plan.move,
            plan.move_reason,
        )
        track.previous, track.reasons = plan.previous, plan.reasons
        ordered.append(track)
    rows = (
        [
            rows_for_phase(ordered, index, context, compact=compact)
            for index in range(len(context.phase_numbers))
        ]
        if ordered
        else []
    )
    return rows, ordered, dropped

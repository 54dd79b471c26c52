"""The pure progression builder: findings and a drill catalogue in, phases out.

No Django and no app imports but the pure findings core (see ../shared/STYLE.md).
Rules follow CLINICAL.md section 7; the tables and wording live in
progression_rules.py, the drill_library.json reader in drill_catalogue.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from assessments.core_types import Clearance
from assessments.findings import Change, Finding
from programs.progression_rules import (
    EXTRA_SET_CODES,
    LADDERS_FOR_FINDING,
    MAX_DRILLS_PER_PHASE,
    NO_LOADING_CODE,
    PHASES,
    PURPOSE_ORDER,
    SIDE_ORDER,
    STATUS_CLEARED,
    STATUS_PROGRAM,
    STATUS_REFER_OUT,
    exclusion_reason,
    exclusion_words,
    finding_priority,
    ladder_step,
    no_load_reason,
    phase_criteria,
    session_contraindications,
)


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
    reasons: tuple[str, ...]  # finding codes of the same output
    cues: tuple[str, ...]
    move: str | None = (
        None  # on re-assessment: "up" | "hold" | "down"; None for a first program
    )
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
class Progression:
    """What the builder returns: the phases, every excluded drill, every finding left bare."""

    phases: tuple[Phase, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    unaddressed: tuple[str, ...] = ()  # finding codes with no allowed drill


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


@dataclass(frozen=True, slots=True)
class _Plan:
    """One ladder for one side across the phases; no positions: the ladder is left out."""

    positions: tuple[int, ...]  # one per phase, 0 = the ladder's first rung
    move: str | None = None
    move_reason: str = ""
    skips: tuple[int, ...] = ()  # excluded positions the builder wanted


@dataclass(slots=True)
class _Track:
    """One ladder for one side (None: the client as a whole) while building."""

    ladder: str
    side: str | None
    start: int  # position on the ladder, 0 = its first rung
    findings: list[Finding] = field(default_factory=list)
    positions: tuple[int, ...] = ()  # one per phase
    move: str | None = None
    move_reason: str = ""


@dataclass(frozen=True, slots=True)
class _Context:
    ladders: dict[str, tuple[CatalogueDrill, ...]]
    # Loaded rungs before Strengthen, on a ladder the client already trained
    # loaded; and in Strengthen itself.
    early_loading: bool
    strengthen_loading: bool
    no_load_reason: str
    changes: tuple[Change, ...]
    previous_rungs: Mapping[str, str]
    pain_rising: bool
    phase_count: int
    excluded: Mapping[str, str]  # slug -> reason, for this session
    plans: dict[tuple[str, str | None, int], _Plan]  # memo of _plan


@dataclass(slots=True)
class _Assembly:
    rows: list[tuple[PrescribedDrill, ...]]
    tracks: list[_Track]  # the ones that made it into the phases
    dropped: list[_Track]  # left out: no allowed rung


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
) -> Progression:
    """Phases Restore, Control and (unless knee pain is rising) Strengthen.

    `previous_rungs` maps a ladder key to the slug the client was on in the
    previous program's last phase. A side may be named: "ankle:left" wins over
    "ankle" for the left side; a ladder prescribed to the client as a whole
    reads "ankle", else the lower of "ankle:left" / "ankle:right". A slug that is
    not on that ladder of the catalogue counts as no previous rung.

    `refer_out` without `cleared` gives no progression at all: an unloaded
    program is not a gentle one (CLINICAL.md section 4). With a clinician's
    clearance the program is built, and Restore and Control hold no loaded
    drill (section 8).

    Loaded rungs come with phase 3, or earlier only on a ladder the client
    already trained loaded (never after a referral); never while pain rises:
    then no phase holds a loaded drill, phase 3 is left out, and a ladder
    whose previous rung was loaded drops to its last unloaded rung (a move
    that may span more than one rung: safety first).

    `contraindications` (the client's codes and any clearance restrictions; an
    anterior knee pain finding adds `irritable_anterior_knee`) and `knee_pain`
    (against each drill's `max_pain`) exclude drills (section 9). An excluded
    rung is never given: the ladder takes the nearest lower allowed rung, or is
    left out when there is none; a later phase that would step onto an excluded
    rung holds. Every excluded drill the builder wanted is in `skipped`; a
    finding with no allowed drill on any ladder is in `unaddressed`.
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
    context = _Context(
        ladders={key: tuple(drills) for key, drills in ladders.items()},
        early_loading=not refer_out and not pain_rising,
        strengthen_loading=not pain_rising,
        no_load_reason=no_load_reason(refer_out=refer_out, pain_rising=pain_rising),
        changes=tuple(changes),
        previous_rungs=dict(previous_rungs or {}),
        pain_rising=pain_rising,
        phase_count=2 if pain_rising else 3,
        excluded=excluded,
        plans={},
    )
    covered: list[Finding] = []
    uncovered: list[Finding] = []
    chosen: list[tuple[Finding, str, int]] = []
    optional: list[tuple[Finding, str, int]] = []
    left_out: list[tuple[str, str | None, int]] = []  # plan keys of ladders left out
    for finding in sorted(answerable, key=finding_priority):
        if finding in covered or finding in uncovered:
            continue
        options = _ladder_options(finding, context, left_out)
        if options:
            covered.append(finding)
            chosen.append((finding, *options[0]))
            optional.extend((finding, *option) for option in options[1:])
        else:
            uncovered.append(finding)
    assembly = _assemble(chosen, context, compact=True)
    # Extra ladders only while every phase stays under the cap; the first
    # ladder of each finding is kept whatever the count (coverage wins).
    for extra in optional:
        trial = _assemble([*chosen, extra], context, compact=False)
        if max((len(rows) for rows in trial.rows), default=0) <= MAX_DRILLS_PER_PHASE:
            chosen, assembly = [*chosen, extra], trial
    # A plan left out only once tracks merged (a rare mix of sides and
    # previous rungs) uncovers its findings: say so rather than drop them.
    for finding in list(covered):
        if not _answered(finding, assembly.tracks):
            covered.remove(finding)
            uncovered.append(finding)
    skipped = _skipped(
        [
            *((t.ladder, t.side, t.start) for t in assembly.tracks),
            *((t.ladder, t.side, t.start) for t in assembly.dropped),
            *left_out,
        ],
        context,
    )
    unaddressed = tuple(
        dict.fromkeys(f.code for f in sorted(uncovered, key=finding_priority))
    )
    if not assembly.tracks:
        return Progression(skipped=skipped, unaddressed=unaddressed)
    loading = NO_LOADING_CODE not in codes
    phases = tuple(
        Phase(
            number=number,
            name=name,
            weeks=weeks,
            exit_criteria=phase_criteria(
                findings=covered,
                phase_number=number,
                pain_rising=pain_rising,
                loading=loading,
            ),
            drills=rows,
        )
        for (number, name, weeks), rows in zip(
            PHASES[: context.phase_count], assembly.rows, strict=True
        )
    )
    return Progression(phases=phases, skipped=skipped, unaddressed=unaddressed)


def _answered(finding: Finding, tracks: list[_Track]) -> bool:
    holding = [t for t in tracks if finding in t.findings]
    return all(
        any(side is None or t.side == side for t in holding) for side in _sides(finding)
    )


def _skipped(
    keys: list[tuple[str, str | None, int]], context: _Context
) -> tuple[Skipped, ...]:
    positions = {
        (ladder, position)
        for ladder, side, start in keys
        for position in _plan(ladder, side, start, context).skips
    }
    seen: dict[str, Skipped] = {}
    for ladder, position in sorted(positions):
        drill = context.ladders[ladder][position]
        seen.setdefault(
            drill.slug, Skipped(drill.slug, ladder, context.excluded[drill.slug])
        )
    return tuple(seen.values())


def _usable(finding: Finding, ladder: str, start: int, context: _Context) -> bool:
    return all(
        _plan(ladder, side, start, context).positions for side in _sides(finding)
    )


def _ladder_options(
    finding: Finding,
    context: _Context,
    left_out: list[tuple[str, str | None, int]],
) -> list[tuple[str, int]]:
    """(ladder, starting position) pairs for a finding, best first.

    A ladder with no allowed rung for a side of the finding is no option; its
    plan key goes to `left_out` so its excluded drills are reported.
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
        else:
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
        left_out.extend((ladder, side, start) for side in _sides(finding))
    return []


def _sides(finding: Finding) -> tuple[str | None, ...]:
    if finding.side in ("left", "right"):
        return (finding.side,)
    return ("left", "right") if finding.side == "both" else (None,)


def _assemble(
    assignments: list[tuple[Finding, str, int]], context: _Context, *, compact: bool
) -> _Assembly:
    tracks: dict[tuple[str, str | None], _Track] = {}
    for finding, ladder, start in assignments:
        for side in _sides(finding):
            track = tracks.setdefault(
                (ladder, side), _Track(ladder=ladder, side=side, start=start)
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
    ordered: list[_Track] = []
    dropped: list[_Track] = []
    for track in sorted(tracks.values(), key=lambda t: (t.ladder, SIDE_ORDER[t.side])):
        plan = _plan(track.ladder, track.side, track.start, context)
        if not plan.positions:
            dropped.append(track)
            continue
        track.positions, track.move, track.move_reason = (
            plan.positions,
            plan.move,
            plan.move_reason,
        )
        ordered.append(track)
    rows = (
        [
            _rows_for_phase(ordered, index, context, compact=compact)
            for index in range(context.phase_count)
        ]
        if ordered
        else []
    )
    return _Assembly(rows=rows, tracks=ordered, dropped=dropped)


def _plan(ladder: str, side: str | None, start: int, context: _Context) -> _Plan:
    """Where one ladder sits in each phase for one side, never on an excluded rung."""
    key = (ladder, side, start)
    if key not in context.plans:
        context.plans[key] = _make_plan(ladder, side, start, context)
    return context.plans[key]


def _make_plan(ladder: str, side: str | None, start: int, context: _Context) -> _Plan:
    drills = context.ladders[ladder]
    previous = _previous_position(ladder, side, context)
    # Loaded rungs belong to Strengthen, unless the client already trained
    # loaded on this ladder; never after a referral or while pain rises.
    was_loaded = previous is not None and drills[previous].loaded
    early_load = context.early_loading and was_loaded

    def may_use(position: int, phase_index: int) -> bool:
        if not drills[position].loaded:
            return True
        return early_load or (context.strengthen_loading and phase_index == 2)

    words: list[str] = []
    wanted = (
        start
        if previous is None
        else _reassess(ladder, side, previous, start, context, may_use, words)
    )
    skips: list[int] = []
    first = None
    # The nearest allowed rung at or below the one wanted, never above it.
    for position in range(wanted, -1, -1):
        if not may_use(position, 0):
            continue
        if drills[position].slug in context.excluded:
            skips.append(position)
            continue
        first = position
        break
    if first is None:
        return _Plan(positions=(), skips=tuple(skips))
    if skips and previous is not None:
        words.extend(
            f"{drills[position].name} is left out ({exclusion_words(context.excluded[drills[position].slug])})"
            for position in skips
        )
    positions = [first]
    for phase_index in range(1, context.phase_count):
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
    return _Plan(
        positions=tuple(positions),
        move=move,
        move_reason="; ".join(words),
        skips=tuple(skips),
    )


def _previous_position(ladder: str, side: str | None, context: _Context) -> int | None:
    by_slug = {drill.slug: i for i, drill in enumerate(context.ladders[ladder])}
    keys = (f"{ladder}:{side}", ladder) if side else (ladder,)
    for key in keys:
        if context.previous_rungs.get(key) in by_slug:
            return by_slug[context.previous_rungs[key]]
    if side is None:
        found = [
            by_slug[slug]
            for key in (f"{ladder}:left", f"{ladder}:right")
            if (slug := context.previous_rungs.get(key)) in by_slug
        ]
        return min(found) if found else None
    return None


def _reassess(
    ladder: str,
    side: str | None,
    previous: int,
    start: int,
    context: _Context,
    may_use: Callable[[int, int], bool],
    words: list[str],
) -> int:
    """Phase 1 position from the previous rung: one up, hold or one down (CLINICAL.md section 7).

    Appends the reasons in words to `words`.
    """
    drills = context.ladders[ladder]
    step, reasons = ladder_step(
        ladder=ladder,
        side=side,
        changes=context.changes,
        pain_rising=context.pain_rising,
    )
    words.extend(reasons)
    target = min(max(previous + step, 0), len(drills) - 1)
    if step and target == previous:
        words.append(
            "already on the top rung" if step > 0 else "already on the first rung"
        )
    if not may_use(target, 0):
        no_load = context.no_load_reason
        if step > 0 and may_use(previous, 0):
            target = previous
            words.append(f"the next rung is loaded and {no_load}")
        else:
            lower = [i for i in range(target, -1, -1) if may_use(i, 0)]
            target = lower[0] if lower else start
            words.append(f"{no_load}, so back to the last unloaded rung")
    return target


def _rows_for_phase(
    tracks: list[_Track], index: int, context: _Context, *, compact: bool
) -> tuple[PrescribedDrill, ...]:
    groups: dict[str, list[_Track]] = {}
    for track in tracks:
        slug = context.ladders[track.ladder][track.positions[index]].slug
        groups.setdefault(slug, []).append(track)
    parts = _parts(groups, index, context, strict=True)
    if compact and len(parts) > MAX_DRILLS_PER_PHASE:
        # Over the cap: one "both" row for a drill both sides need at the same
        # dose, even when the findings behind each side differ.
        parts = _parts(groups, index, context, strict=False)

    def order(part: tuple[CatalogueDrill, str | None, list[_Track]]) -> tuple:
        drill, side, _ = part
        best = min(finding_priority(f) for t in groups[drill.slug] for f in t.findings)
        purpose = PURPOSE_ORDER.get(drill.purpose, len(PURPOSE_ORDER))
        return (purpose, best, drill.ladder, drill.slug, SIDE_ORDER[side])

    return tuple(
        _row(drill, side, members, first_phase=index == 0)
        for drill, side, members in sorted(parts, key=order)
    )


def _parts(
    groups: dict[str, list[_Track]], index: int, context: _Context, *, strict: bool
) -> list[tuple[CatalogueDrill, str | None, list[_Track]]]:
    parts: list[tuple[CatalogueDrill, str | None, list[_Track]]] = []
    for slug in sorted(groups):
        group = groups[slug]
        drill = context.ladders[group[0].ladder][group[0].positions[index]]
        if not drill.per_side:
            parts.append((drill, None, group))
        elif len(group) == 2 and _same_prescription(
            *group, strict=strict, first_phase=index == 0
        ):
            parts.append((drill, "both", group))  # both sides have the same finding
        else:
            parts.extend((drill, track.side or "both", [track]) for track in group)
    return parts


def _same_prescription(
    left: _Track, right: _Track, *, strict: bool, first_phase: bool
) -> bool:
    same_reasons = _reasons(left.findings) == _reasons(right.findings)
    return (
        (same_reasons or not strict)
        and (left.move == right.move or not first_phase)  # moves show in phase 1
        and _extra_set([left]) == _extra_set([right])
    )


def _reasons(findings: list[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.code for f in sorted(findings, key=finding_priority)))


def _extra_set(tracks: list[_Track]) -> bool:
    return any(
        f.code in EXTRA_SET_CODES and f.side in ("left", "right", "both")
        for track in tracks
        for f in track.findings
    )


def _row(
    drill: CatalogueDrill, side: str | None, tracks: list[_Track], *, first_phase: bool
) -> PrescribedDrill:
    findings = sorted(
        (f for track in tracks for f in track.findings), key=finding_priority
    )
    moves = [track.move for track in tracks if track.move] if first_phase else []
    move = next((m for m in ("down", "up", "hold") if m in moves), None)
    reasons = (
        dict.fromkeys(track.move_reason for track in tracks if track.move_reason)
        if first_phase
        else {}
    )
    return PrescribedDrill(
        slug=drill.slug,
        name=drill.name,
        ladder=drill.ladder,
        region=drill.region,
        purpose=drill.purpose,
        loaded=drill.loaded,
        side=side,
        sets=drill.sets + (1 if _extra_set(tracks) else 0),
        reps=drill.reps,
        seconds=drill.seconds,
        tempo=drill.tempo,
        reasons=_reasons(findings),
        cues=drill.cues,
        move=move,
        move_reason="; ".join(reasons),
    )

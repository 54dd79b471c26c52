"""The pure progression builder: findings and a drill catalogue in, phases out.

No Django and no app imports but the pure findings core (see ../shared/STYLE.md).
Rules follow CLINICAL.md section 7; the tables and wording live in
progression_rules.py, the drill_library.json reader in drill_catalogue.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from assessments.findings import Change, Finding
from programs.progression_rules import (
    EXTRA_SET_CODES,
    LADDERS_FOR_FINDING,
    MAX_DRILLS_PER_PHASE,
    PHASES,
    PURPOSE_ORDER,
    SIDE_ORDER,
    finding_priority,
    ladder_step,
    no_load_reason,
    phase_criteria,
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
    contraindications: tuple[str, ...] = ()
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
    loading_allowed: bool
    no_load_reason: str
    changes: tuple[Change, ...]
    previous_rungs: Mapping[str, str]
    pain_rising: bool
    phase_count: int


def build_progression(
    *,
    findings: Sequence[Finding],
    refer_out: bool,
    catalogue: Sequence[CatalogueDrill],
    changes: Sequence[Change] = (),
    previous_rungs: Mapping[str, str] | None = None,
    pain_rising: bool = False,
) -> tuple[Phase, ...]:
    """Phases Restore, Control and (only when loading is allowed) Strengthen.

    `previous_rungs` maps a ladder key to the slug the client was on in the
    previous program's last phase. A side may be named: "ankle:left" wins over
    "ankle" for the left side; a ladder prescribed to the client as a whole
    reads "ankle", else the lower of "ankle:left" / "ankle:right". A slug that is
    not on that ladder of the catalogue counts as no previous rung.

    Loaded rungs come with phase 3, or earlier only on a ladder the client
    already trained loaded; and only without refer_out and rising pain. Without
    loading no phase holds a loaded drill, phase 3 is left out, and a ladder
    whose previous rung was loaded drops to its last unloaded rung (the one
    place a move may span more than one rung: safety first). A finding the
    catalogue has no usable drill for cannot be covered and is left out; with
    no coverable finding the result is empty.
    """
    loading_allowed = not refer_out and not pain_rising
    ladders: dict[str, list[CatalogueDrill]] = {}
    for drill in sorted(catalogue, key=lambda d: (d.ladder, d.rung, d.slug)):
        ladders.setdefault(drill.ladder, []).append(drill)
    context = _Context(
        ladders={key: tuple(drills) for key, drills in ladders.items()},
        loading_allowed=loading_allowed,
        no_load_reason=no_load_reason(refer_out=refer_out, pain_rising=pain_rising),
        changes=tuple(changes),
        previous_rungs=dict(previous_rungs or {}),
        pain_rising=pain_rising,
        phase_count=3 if loading_allowed else 2,
    )
    covered: list[Finding] = []
    chosen: list[tuple[Finding, str, int]] = []
    optional: list[tuple[Finding, str, int]] = []
    for finding in sorted(
        (f for f in findings if f.code != "refer_out"), key=finding_priority
    ):
        options = _ladder_options(finding, context)
        if options and finding not in covered:
            covered.append(finding)
            chosen.append((finding, *options[0]))
            optional.extend((finding, *option) for option in options[1:])
    if not chosen:
        return ()
    phase_rows = _phase_rows(chosen, context, compact=True)
    # Extra ladders only while every phase stays under the cap; the first
    # ladder of each finding is kept whatever the count (coverage wins).
    for extra in optional:
        trial = _phase_rows([*chosen, extra], context, compact=False)
        if max(len(rows) for rows in trial) <= MAX_DRILLS_PER_PHASE:
            chosen, phase_rows = [*chosen, extra], trial
    return tuple(
        Phase(
            number=number,
            name=name,
            weeks=weeks,
            exit_criteria=phase_criteria(
                findings=covered, phase_number=number, pain_rising=pain_rising
            ),
            drills=rows,
        )
        for (number, name, weeks), rows in zip(
            PHASES[: context.phase_count], phase_rows, strict=True
        )
    )


def _ladder_options(finding: Finding, context: _Context) -> list[tuple[str, int]]:
    """(ladder, starting position) pairs for a finding, best first."""
    # A first program starts unloaded; loaded rungs come with Strengthen.
    options = []
    for ladder in LADDERS_FOR_FINDING.get(finding.code, ()):
        drills = context.ladders.get(ladder, ())
        start = next((i for i, drill in enumerate(drills) if not drill.loaded), None)
        if start is not None:
            options.append((ladder, start))
    if options:
        return options
    # Not in the rules table (or its ladders are missing): the easiest usable
    # drill that lists the code, on whatever ladder it sits.
    fallback = sorted(
        (i, ladder)
        for ladder, drills in context.ladders.items()
        for i, drill in enumerate(drills)
        if finding.code in drill.finding_codes and not drill.loaded
    )
    return [(fallback[0][1], fallback[0][0])] if fallback else []


def _sides(finding: Finding) -> tuple[str | None, ...]:
    if finding.side in ("left", "right"):
        return (finding.side,)
    return ("left", "right") if finding.side == "both" else (None,)


def _phase_rows(
    assignments: list[tuple[Finding, str, int]], context: _Context, *, compact: bool
) -> list[tuple[PrescribedDrill, ...]]:
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
    ordered = sorted(tracks.values(), key=lambda t: (t.ladder, SIDE_ORDER[t.side]))
    for track in ordered:
        _plan(track, context)
    return [
        _rows_for_phase(ordered, index, context, compact=compact)
        for index in range(context.phase_count)
    ]


def _plan(track: _Track, context: _Context) -> None:
    drills = context.ladders[track.ladder]
    previous = _previous_position(track, context)
    # Loaded rungs belong to Strengthen, unless the client already trained
    # loaded on this ladder; never while referred out or while pain rises.
    was_loaded = previous is not None and drills[previous].loaded
    early_load = context.loading_allowed and was_loaded

    def may_use(position: int, phase_index: int) -> bool:
        if not drills[position].loaded:
            return True
        return early_load or (context.loading_allowed and phase_index == 2)

    if previous is None:
        positions = [track.start]
    else:
        positions = [_reassess(track, previous, context, may_use)]
    for phase_index in range(1, context.phase_count):
        step = positions[-1] + 1
        # One rung up per phase; hold when the next rung may not be used yet.
        usable = step < len(drills) and may_use(step, phase_index)
        positions.append(step if usable else positions[-1])
    track.positions = tuple(positions)


def _previous_position(track: _Track, context: _Context) -> int | None:
    by_slug = {drill.slug: i for i, drill in enumerate(context.ladders[track.ladder])}
    keys = (
        (f"{track.ladder}:{track.side}", track.ladder)
        if track.side
        else (track.ladder,)
    )
    for key in keys:
        if context.previous_rungs.get(key) in by_slug:
            return by_slug[context.previous_rungs[key]]
    if track.side is None:
        found = [
            by_slug[slug]
            for key in (f"{track.ladder}:left", f"{track.ladder}:right")
            if (slug := context.previous_rungs.get(key)) in by_slug
        ]
        return min(found) if found else None
    return None


def _reassess(
    track: _Track,
    previous: int,
    context: _Context,
    may_use: Callable[[int, int], bool],
) -> int:
    """Phase 1 position from the previous rung: one up, hold or one down (CLINICAL.md section 7)."""
    drills = context.ladders[track.ladder]
    step, words = ladder_step(
        ladder=track.ladder,
        side=track.side,
        changes=context.changes,
        pain_rising=context.pain_rising,
    )
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
            target = lower[0] if lower else track.start
            words.append(f"{no_load}, so back to the last unloaded rung")
    track.move = "up" if target > previous else "down" if target < previous else "hold"
    track.move_reason = "; ".join(words)
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

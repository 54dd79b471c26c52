"""The builder's working state and how one phase's rows are laid out (pure: no Django).

A track is one ladder for one side while building; a phase's rows group the
tracks standing on the same drill into one prescription per side (or "both").
A drill's reasons are the codes of its tracks' findings that the drill's own
finding codes include (CLINICAL.md section 12): never any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assessments.core.types import Finding
from programs.progression.governance import Reassessment
from programs.progression.rules import (
    EXTRA_SET_CODES,
    MAX_DRILLS_PER_PHASE,
    PURPOSE_ORDER,
    SIDE_ORDER,
    finding_priority,
)
from programs.progression.types import CatalogueDrill, PrescribedDrill


@dataclass(frozen=True, slots=True)
class Plan:
    """One ladder for one side across the phases; no positions: the ladder is left out."""

    positions: tuple[int, ...]  # one per phase, 0 = the ladder's first rung
    move: str | None = None
    move_reason: str = ""
    skips: tuple[int, ...] = ()  # excluded positions the builder wanted
    previous: int | None = None  # the client's current rung, if any
    reasons: tuple[str, ...] = ()  # the move's reasons, one a line


@dataclass(slots=True)
class Track:
    """One ladder for one side (None: the client as a whole) while building."""

    ladder: str
    side: str | None
    start: int  # position on the ladder, 0 = its first rung
    findings: list[Finding] = field(default_factory=list)
    positions: tuple[int, ...] = ()  # one per phase
    move: str | None = None
    move_reason: str = ""
    previous: int | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BuildContext:
    ladders: dict[str, tuple[CatalogueDrill, ...]]
    # Loaded rungs before Strengthen, on a ladder the client already trained
    # loaded; and in Strengthen itself.
    early_loading: bool
    strengthen_loading: bool
    no_load_reason: str
    previous_rungs: Mapping[str, str]
    reassessment: Reassessment
    phase_numbers: tuple[int, ...]
    excluded: Mapping[str, str]  # slug -> reason, for this session
    ladder_sides: Mapping[str, tuple[str, ...]]  # the sides each ladder serves
    plans: dict[tuple[str, str | None, int], Plan]  # memo of the plans


def drill_reasons(findings: list[Finding], drill: CatalogueDrill) -> tuple[str, ...]:
    """The findings' codes this drill answers by its own finding codes, most urgent first."""
    ordered = sorted(findings, key=finding_priority)
    return tuple(
        dict.fromkeys(f.code for f in ordered if f.code in drill.finding_codes)
    )


def extra_set(tracks: list[Track]) -> bool:
    return any(
        f.code in EXTRA_SET_CODES and f.side in ("left", "right", "both")
        for track in tracks
        for f in track.findings
    )


def rows_for_phase(
    tracks: list[Track], index: int, context: BuildContext, *, compact: bool
) -> tuple[PrescribedDrill, ...]:
    groups: dict[str, list[Track]] = {}
    for track in tracks:
        drill = context.ladders[track.ladder][track.positions[index]]
        if not drill_reasons(track.findings, drill):
            continue  # this rung answers none of the track's findings
        groups.setdefault(drill.slug, []).append(track)
    parts = _parts(groups, index, context, strict=True)
    if compact and len(parts) > MAX_DRILLS_PER_PHASE:
        # Over the cap: one "both" row for a drill both sides need at the same
        # dose, even when the findings behind each side differ.
        parts = _parts(groups, index, context, strict=False)

    def order(part: tuple[CatalogueDrill, str | None, list[Track]]) -> tuple:
        drill, side, _ = part
        best = min(finding_priority(f) for t in groups[drill.slug] for f in t.findings)
        purpose = PURPOSE_ORDER.get(drill.purpose, len(PURPOSE_ORDER))
        return (purpose, best, drill.ladder, drill.slug, SIDE_ORDER[side])

    return tuple(
        _row(drill, side, members, first_phase=index == 0)
        for drill, side, members in sorted(parts, key=order)
    )


def _parts(
    groups: dict[str, list[Track]], index: int, context: BuildContext, *, strict: bool
) -> list[tuple[CatalogueDrill, str | None, list[Track]]]:
    parts: list[tuple[CatalogueDrill, str | None, list[Track]]] = []
    for slug in sorted(groups):
        group = groups[slug]
        drill = context.ladders[group[0].ladder][group[0].positions[index]]
        if not drill.per_side:
            parts.append((drill, None, group))
        elif len(group) == 2 and _same_prescription(
            *group, drill=drill, strict=strict, first_phase=index == 0
        ):
            parts.append((drill, "both", group))  # both sides have the same finding
        else:
            parts.extend((drill, track.side or "both", [track]) for track in group)
    return parts


def _same_prescription(
    left: Track,
    right: Track,
    *,
    drill: CatalogueDrill,
    strict: bool,
    first_phase: bool,
) -> bool:
    same_reasons = drill_reasons(left.findings, drill) == drill_reasons(
        right.findings, drill
    )
    return (
        (same_reasons or not strict)
        and (left.move == right.move or not first_phase)  # moves show in phase 1
        and extra_set([left]) == extra_set([right])
    )


def _row(
    drill: CatalogueDrill, side: str | None, tracks: list[Track], *, first_phase: bool
) -> PrescribedDrill:
    findings = [f for track in tracks for f in track.findings]
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
        sets=drill.sets + (1 if extra_set(tracks) else 0),
        reps=drill.reps,
        seconds=drill.seconds,
        tempo=drill.tempo,
        reasons=drill_reasons(findings, drill),
        cues=drill.cues,
        move=move,
        move_reason="; ".join(reasons),
    )

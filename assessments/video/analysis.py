"""Squat video analysis: a landmarks document in, reps with metrics and flags out.

Pure (no Django, no numpy, no clock): the same document always gives the same
result. CLINICAL.md section 13 says what is measured and why; DESIGN.md
("Squat video contract") gives the output document, built by analysis_to_json.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assessments.video.geometry import (
    fppa,
    knee_ankle_ratio,
    lean_from_vertical,
    side_frame,
)
from assessments.video.landmarks import Frame, LandmarksDocument
from assessments.video.quality import SIDES, assess_quality, gated_sides, usable
from assessments.video.reps import HipPath, bottoms, find_reps, hip_path
from assessments.video.rules import MIN_VISIBILITY, VIDEO_RULES, VideoRule


@dataclass(frozen=True, slots=True)
class VideoFlag:
    code: str
    side: str
    value: float
    rule: str
    source: str


@dataclass(frozen=True, slots=True)
class Rep:
    start: float
    bottom: float
    end: float
    metrics: Mapping[str, float | None]
    flags: tuple[VideoFlag, ...]


@dataclass(frozen=True, slots=True)
class Quality:
    ok: bool
    reasons: tuple[str, ...]
    usable_frames: int


@dataclass(frozen=True, slots=True)
class SquatAnalysis:
    view: str
    frames: int
    quality: Quality
    standing: Mapping[str, float | str | None]
    reps: tuple[Rep, ...]
    flags: tuple[VideoFlag, ...]


# --- Metrics and flags --------------------------------------------------------------


def _median(values: Sequence[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits) + 0.0


def _front(
    *, document: LandmarksDocument, path: HipPath, reps: list[tuple[int, int, int]]
) -> tuple[dict[str, float | str | None], list[dict[str, float | None]]]:
    size = {"width": document.width, "height": document.height}

    def over(
        frames: Sequence[Frame], measure: Callable[[Frame], float | None]
    ) -> float | None:
        return _median([measure(frame) for frame in frames])

    def angle(side: str) -> Callable[[Frame], float | None]:
        return lambda frame: fppa(frame.landmarks, side=side, **size)

    def ratio(frame: Frame) -> float | None:
        return knee_ankle_ratio(frame.landmarks, **size)

    standing = {side: over(path.standing, angle(side)) for side in SIDES}
    metrics = []
    for _, _, _, bottom_frames in bottoms(path=path, reps=reps):
        values: dict[str, float | None] = {}
        for side in SIDES:
            at_bottom = over(bottom_frames, angle(side))
            before = standing[side]
            change = None if at_bottom is None or before is None else at_bottom - before
            values[f"fppa_change_{side}"] = _rounded(change, 1)
        values["knee_ankle_ratio"] = _rounded(over(bottom_frames, ratio), 2)
        metrics.append(values)
    return {
        "fppa_left": _rounded(standing["left"], 1),
        "fppa_right": _rounded(standing["right"], 1),
        "knee_ankle_ratio": _rounded(over(path.standing, ratio), 2),
    }, metrics


def _side(
    *,
    document: LandmarksDocument,
    path: HipPath,
    reps: list[tuple[int, int, int]],
    side: str,
) -> tuple[dict[str, float | str | None], list[dict[str, float | None]]]:
    measured = {
        frame.t: side_frame(
            frame.landmarks,
            side=side,
            width=document.width,
            height=document.height,
            min_visibility=MIN_VISIBILITY,
        )
        for frame in path.frames
    }
    still = [measured[frame.t] for frame in path.standing]
    foot = statistics.median(item.foot_px for item in still)
    thigh = statistics.median(item.thigh_px for item in still)
    heel = statistics.median(item.heel_y for item in still)
    facing = 1 if statistics.median(item.foot_forward_px for item in still) >= 0 else -1

    def trunk_minus_shin(frame: Frame) -> float | None:
        item = measured[frame.t]
        if item.shoulder is None:
            return None
        trunk = lean_from_vertical(item.hip, item.shoulder, forward=facing)
        shin = lean_from_vertical(item.ankle, item.knee, forward=facing)
        return trunk - shin

    def depth(frame: Frame) -> float | None:
        item = measured[frame.t]
        return (item.hip_y - item.knee_y) / thigh if thigh else None

    def heel_rise(frame: Frame) -> float | None:
        return (heel - measured[frame.t].heel_y) / foot if foot else None

    metrics = []
    for _, _, _, bottom_frames in bottoms(path=path, reps=reps):
        metrics.append(
            {
                "heel_rise": _rounded(
                    _median([heel_rise(f) for f in bottom_frames]), 3
                ),
                "trunk_minus_shin": _rounded(
                    _median([trunk_minus_shin(f) for f in bottom_frames]), 1
                ),
                "depth": _rounded(_median([depth(f) for f in bottom_frames]), 2),
            }
        )
    return {
        "side": side,
        "foot_length_px": _rounded(foot, 1),
        "thigh_length_px": _rounded(thigh, 1),
        "trunk_minus_shin": _rounded(
            _median([trunk_minus_shin(f) for f in path.standing]), 1
        ),
        "depth": _rounded(_median([depth(f) for f in path.standing]), 2),
    }, metrics


def _rep_flags(
    metrics: Mapping[str, float | None], *, view: str, side: str | None
) -> tuple[VideoFlag, ...]:
    flags = []
    for rule in VIDEO_RULES:
        if rule.view != view:
            continue
        for flag_side in SIDES if "{side}" in rule.metric else (side,):
            if flag_side is None:
                continue
            value = metrics.get(rule.metric.format(side=flag_side))
            if value is not None and rule.fires(value):
                flags.append(_flag(rule, side=flag_side, value=value))
    return tuple(flags)


def _flag(rule: VideoRule, *, side: str, value: float) -> VideoFlag:
    return VideoFlag(
        code=rule.code, side=side, value=value, rule=rule.rule, source=rule.source
    )


def _summary_flags(reps: Sequence[Rep]) -> tuple[VideoFlag, ...]:
    """Each (code, side) flagged in at least two reps (in the only rep when there is one)."""
    needed = 1 if len(reps) == 1 else 2
    seen: dict[tuple[str, str], list[VideoFlag]] = {}
    for rep in reps:
        for flag in rep.flags:
            seen.setdefault((flag.code, flag.side), []).append(flag)
    order = {rule.code: index for index, rule in enumerate(VIDEO_RULES)}
    summary = []
    for (code, side), flags in sorted(
        seen.items(), key=lambda item: (order[item[0][0]], item[0][1])
    ):
        if len(flags) >= needed:
            value = statistics.median(flag.value for flag in flags)
            summary.append(
                VideoFlag(
                    code=code,
                    side=side,
                    value=round(value, 3) + 0.0,
                    rule=flags[0].rule,
                    source=flags[0].source,
                )
            )
    return tuple(summary)


# --- The whole analysis -------------------------------------------------------------


def analyse_squat(*, document: LandmarksDocument) -> SquatAnalysis:
    """Standing calibration, reps, metrics, flags and the quality gate of one clip."""
    sides = gated_sides(document=document)
    ok, reasons, good = assess_quality(document=document, sides=sides)
    frames = [frame for frame in document.frames if usable(frame=frame, sides=sides)]
    path = hip_path(document=document, sides=sides, frames=frames)
    if path is None:
        if frames:
            ok = False
            reasons.append(
                "no still standing at the start: stand still for one second before the first squat"
            )
        return SquatAnalysis(
            view=document.view,
            frames=len(document.frames),
            quality=Quality(ok=ok, reasons=tuple(reasons), usable_frames=good),
            standing={},
            reps=(),
            flags=(),
        )
    found = find_reps(path=path)
    if found:
        # Standing ends where the first descent begins.
        first = path.frames[found[0][0]].t
        path = replace(path, standing=tuple(f for f in path.standing if f.t <= first))
    side = None if document.view == "front" else sides[0]
    if side is None:
        standing, metrics = _front(document=document, path=path, reps=found)
    else:
        standing, metrics = _side(document=document, path=path, reps=found, side=side)
    standing = {
        "start": path.standing[0].t,
        "end": path.standing[-1].t,
        **standing,
    }
    reps = tuple(
        Rep(
            start=path.frames[start].t,
            bottom=path.frames[bottom].t,
            end=path.frames[end].t,
            metrics=values,
            flags=_rep_flags(values, view=document.view, side=side) if ok else (),
        )
        for (start, bottom, end), values in zip(found, metrics, strict=True)
    )
    return SquatAnalysis(
        view=document.view,
        frames=len(document.frames),
        quality=Quality(ok=ok, reasons=tuple(reasons), usable_frames=good),
        standing=standing,
        reps=reps,
        flags=_summary_flags(reps) if ok else (),
    )


def _flag_to_json(flag: VideoFlag) -> dict[str, object]:
    return {
        "code": flag.code,
        "side": flag.side,
        "value": flag.value,
        "rule": flag.rule,
        "source": flag.source,
    }


def analysis_to_json(analysis: SquatAnalysis) -> dict[str, Any]:
    """The output document of DESIGN.md's squat video contract, ready for json.dumps."""
    return {
        "view": analysis.view,
        "frames": analysis.frames,
        "quality": {
            "ok": analysis.quality.ok,
            "reasons": list(analysis.quality.reasons),
        },
        "standing": dict(analysis.standing),
        "reps": [
            {
                "start": rep.start,
                "bottom": rep.bottom,
                "end": rep.end,
                "metrics": dict(rep.metrics),
                "flags": [_flag_to_json(flag) for flag in rep.flags],
            }
            for rep in analysis.reps
        ],
        "flags": [_flag_to_json(flag) for flag in analysis.flags],
    }

"""What the coach's review page shows of a video: reps and flags as rows with plain words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessments.core.wording import amount, cited, fixed, rule_words
from assessments.video.models import SquatVideo, VideoFlagReview
from assessments.video.rules import VIDEO_SOURCES

FLAG_WORDS = {
    "knee_valgus": "knee caves in",
    "heel_rise": "heels rise",
    "forward_lean": "leans forward",
}
METRIC_WORDS = {
    "fppa_change_left": ("Left knee angle change", "deg"),
    "fppa_change_right": ("Right knee angle change", "deg"),
    "knee_ankle_ratio": ("Knee gap over ankle gap", ""),
    "heel_rise": ("Heel lift (share of foot length)", ""),
    "trunk_minus_shin": ("Trunk lean beyond the shin", "deg"),
    "depth": ("Depth (hip below knee, share of thigh)", ""),
}


def flag_words(code: str, side: str) -> str:
    words = FLAG_WORDS.get(code, code.replace("_", " "))
    if code == "knee_valgus":
        return f"{side.capitalize()} {words}"
    return f"{words.capitalize()} ({side} side, facing the camera)"


def value_words(code: str, value: float) -> str:
    if code == "heel_rise":
        return f"{fixed(value * 100, 0)} % of foot length"
    return amount(value, "degrees")


def seconds(t: float) -> str:
    return fixed(t, 1)


@dataclass(frozen=True, slots=True)
class RepRow:
    number: int
    start: str
    bottom: str
    end: str
    metrics: tuple[tuple[str, str], ...]
    flags: tuple[str, ...]
    still_rep: int | None


@dataclass(frozen=True, slots=True)
class FlagRow:
    code: str
    side: str
    words: str
    value: str
    rule: str
    source: str
    reps: tuple[
        tuple[int, str], ...
    ]  # (rep number, bottom time) of reps that flagged it
    verdict: str  # "", "confirmed", "rejected"


def _metric_text(name: str, value: Any) -> tuple[str, str]:
    label, unit = METRIC_WORDS.get(name, (name.replace("_", " "), ""))
    if value is None:
        return label, "not measured"
    return label, amount(value, unit)


def rep_rows(video: SquatVideo) -> list[RepRow]:
    if not video.analysis:
        return []
    still_reps = {item.get("rep") for item in video.stills}
    rows = []
    for number, rep in enumerate(video.analysis.get("reps", []), start=1):
        rows.append(
            RepRow(
                number=number,
                start=seconds(rep["start"]),
                bottom=seconds(rep["bottom"]),
                end=seconds(rep["end"]),
                metrics=tuple(
                    _metric_text(name, value)
                    for name, value in rep.get("metrics", {}).items()
                ),
                flags=tuple(
                    f"{flag_words(flag['code'], flag['side'])}: {value_words(flag['code'], flag['value'])}"
                    for flag in rep.get("flags", [])
                ),
                still_rep=number if number in still_reps else None,
            )
        )
    return rows


def flag_rows(
    video: SquatVideo, reviews: dict[tuple[str, str], VideoFlagReview]
) -> list[FlagRow]:
    if not video.analysis:
        return []
    reps = video.analysis.get("reps", [])
    rows = []
    for flag in video.analysis.get("flags", []):
        key = (flag["code"], flag["side"])
        review = reviews.get(key)
        rows.append(
            FlagRow(
                code=flag["code"],
                side=flag["side"],
                words=flag_words(*key),
                value=value_words(flag["code"], flag["value"]),
                rule=rule_words(flag["rule"]),
                source=cited(flag["source"], VIDEO_SOURCES),
                reps=tuple(
                    (number, seconds(rep["bottom"]))
                    for number, rep in enumerate(reps, start=1)
                    if any((item["code"], item["side"]) == key for item in rep["flags"])
                ),
                verdict=review.verdict if review else "",
            )
        )
    return rows

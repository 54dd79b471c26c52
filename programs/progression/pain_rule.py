"""The pain-monitoring rule (CLINICAL.md sections 10 and 11), pure: one rule for the live plan and the engine.

After the pain-monitoring model of Silbernagel et al. 2007 (`silbernagel-2007`), kept
stricter here (3/10, not 5/10):

- pain during a drill and the next day at most ``acceptable``: fine, carry on;
- pain during above ``acceptable`` (and under ``stop``), or the next day above
  ``acceptable``: that drill's ladder steps one rung down;
- pain during rising by ``rising`` points or more over the ``logs`` latest logs of one
  ladder (never falling in between): one rung down;
- ``stop`` or more at any time: the live plan pauses and refers; a proposal steps that
  drill's ladder down and moves no ladder up.

No Django and no app imports but the findings core's rule table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from assessments.core.rules import threshold
from assessments.core.types import LogEntry


@dataclass(frozen=True, slots=True)
class PainThresholds:
    acceptable: int  # at most this, during and the next day: carry on
    stop: int  # this or more at any time: pause and refer
    rising: int  # pain during up by this many points over `logs` logs of one ladder
    logs: int
    source: str


PAIN_MONITORING = PainThresholds(
    # 3/10, not the 5/10 of the source: project default (CLINICAL.md section 10).
    acceptable=int(threshold("pain_acceptable")),
    # The same figures the findings engine refers out and calls pain rising on.
    stop=int(threshold("pain_refer_out")),
    rising=int(threshold("pain_rising")),
    logs=3,
    source="silbernagel-2007",
)


class Advice(StrEnum):
    FINE = "fine"
    STEP_DOWN = "step_down"
    STOP = "stop"


def pain_advice(
    *,
    during: int | None = None,
    next_day: int | None = None,
    rules: PainThresholds = PAIN_MONITORING,
) -> Advice:
    """What one rating means on its own (the rising rule needs the log: see pain_rising)."""
    ratings = [value for value in (during, next_day) if value is not None]
    if any(value >= rules.stop for value in ratings):
        return Advice.STOP
    if any(value > rules.acceptable for value in ratings):
        return Advice.STEP_DOWN
    return Advice.FINE


def pain_rising(
    pains: Sequence[int], *, rules: PainThresholds = PAIN_MONITORING
) -> bool:
    """The latest logs (oldest first) never fall and the last is `rising` or more above the first."""
    latest = list(pains)[-rules.logs :]
    if len(latest) < rules.logs:
        return False
    never_falling = all(b >= a for a, b in zip(latest, latest[1:], strict=False))
    return never_falling and latest[-1] - latest[0] >= rules.rising


@dataclass(frozen=True, slots=True)
class LadderPain:
    """What the log says about one ladder since the last session."""

    ladder: str
    step_down: bool
    stop: bool  # an entry of 7/10 or more on this ladder
    reasons: tuple[str, ...]  # in the client's and coach's words


@dataclass(frozen=True, slots=True)
class LogVerdict:
    ladders: Mapping[str, LadderPain]
    stop: bool  # any entry of 7/10 or more: no ladder moves up in this proposal


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


def log_window(
    log: Sequence[LogEntry], *, since: date | None, until: date | None
) -> tuple[LogEntry, ...]:
    """Entries after `since` (the last session) up to `until` (this one), oldest first.

    Entries of one day keep the order they were given in.
    """
    kept = [
        entry
        for entry in log
        if (since is None or entry.on > since) and (until is None or entry.on <= until)
    ]
    return tuple(sorted(kept, key=lambda entry: entry.on))


def log_verdict(
    *,
    log: Sequence[LogEntry],
    ladder_of: Mapping[str, str],
    names: Mapping[str, str],
    rules: PainThresholds = PAIN_MONITORING,
) -> LogVerdict:
    """The pain rule over a log window (see log_window), ladder by ladder.

    `ladder_of` and `names` map a drill slug to its ladder and its name; an entry
    of a drill the catalogue does not hold counts for no ladder.
    """
    reasons: dict[str, list[str]] = {}
    stops: set[str] = set()
    any_stop = False
    during_by_ladder: dict[str, list[int]] = {}
    for entry in log:
        ladder = ladder_of.get(entry.drill)
        name = names.get(entry.drill, "a drill")
        during, next_day = entry.pain_during, entry.pain_next_day
        advice = pain_advice(during=during, next_day=next_day, rules=rules)
        if advice == Advice.STOP:
            any_stop = True
        if ladder is None:
            continue
        if during is not None:
            during_by_ladder.setdefault(ladder, []).append(during)
        if advice == Advice.FINE:
            continue
        words = []
        if during is not None and during > rules.acceptable:
            words.append(f"knee pain {during}/10 during {name} on {_day(entry.on)}")
        if next_day is not None and next_day > rules.acceptable:
            words.append(
                f"knee pain {next_day}/10 the day after {name} on {_day(entry.on)}"
            )
        if advice == Advice.STOP:
            stops.add(ladder)
            words = [f"{w} (7/10 or more: see a clinician)" for w in words]
        reasons.setdefault(ladder, []).extend(words)
    for ladder, pains in during_by_ladder.items():
        if pain_rising(pains, rules=rules):
            latest = pains[-rules.logs :]
            reasons.setdefault(ladder, []).append(
                f"knee pain during these drills rose from {latest[0]}/10 to "
                f"{latest[-1]}/10 over the last {len(latest)} times"
            )
    return LogVerdict(
        ladders={
            ladder: LadderPain(
                ladder=ladder,
                step_down=True,
                stop=ladder in stops,
                reasons=tuple(dict.fromkeys(words)),
            )
            for ladder, words in sorted(reasons.items())
        },
        stop=any_stop,
    )

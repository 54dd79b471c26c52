"""Time the pure core: one contract version 2 proposal for one session and for 10,000 varied ones.

Each varied session comes with the one before it (the change table), a current
program (phase, start day, a rung on each of its ladders) and a pain log, so the
timing covers governance, the pain rule and the phase gate too.

Pure Python, no database: the drill catalogue is read from the bundled library
file. Run with `make bench-findings` (or `.venv/bin/python bench/findings.py`).
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessments.core.contract import AssessRequest
from assessments.core.findings import (
    Dorsiflexion,
    Hip,
    PerSide,
    SessionInput,
    Squat,
)
from assessments.core.types import CurrentProgram, LogEntry
from programs.progression.catalogue import catalogue_from_library
from programs.progression.proposal import propose

LIBRARY = Path(__file__).resolve().parents[1] / "programs" / "drill_library.json"
SEED_SESSION = SessionInput(
    assessed_on=date(2026, 11, 21),
    dorsiflexion=Dorsiflexion(
        left_cm=7.0, right_cm=11.0, method="tape", footwear="barefoot"
    ),
    squat=Squat(heels_rise=True, knees_cave=PerSide(True, False)),
    hip=Hip(
        step_down_valgus=PerSide(True, False), single_leg_stance_s=PerSide(8.0, 30.0)
    ),
    knee_pain_nrs=3,
)


def random_session(rng: random.Random) -> SessionInput:
    def maybe[T](value: T) -> T | None:
        return value if rng.random() < 0.8 else None

    return SessionInput(
        assessed_on=date(2026, 11, 21),
        dorsiflexion=Dorsiflexion(
            left_cm=maybe(round(rng.uniform(2, 15), 1)),
            right_cm=maybe(round(rng.uniform(2, 15), 1)),
            method="tape",
            footwear=rng.choice(["barefoot", "shoes"]),
        ),
        squat=Squat(
            heels_rise=rng.random() < 0.4,
            knees_cave=PerSide(rng.random() < 0.3, rng.random() < 0.3),
            arch_collapse=PerSide(rng.random() < 0.2, rng.random() < 0.2),
            forward_lean=rng.random() < 0.3,
            feet_turn_out=rng.random() < 0.2,
            low_back_arch=rng.random() < 0.2,
            anterior_knee_pain=rng.random() < 0.2,
        ),
        hip=Hip(
            single_leg_stance_s=PerSide(
                maybe(rng.uniform(2, 60)), maybe(rng.uniform(2, 60))
            ),
            step_down_valgus=PerSide(rng.random() < 0.3, rng.random() < 0.3),
            abduction_mmt=PerSide(maybe(rng.randint(2, 5)), maybe(rng.randint(2, 5))),
            quad_dominant=rng.random() < 0.3,
        ),
        knee_pain_nrs=maybe(rng.choice([0, 1, 2, 3, 4, 5, 6, 8])),
        red_flags=("swelling",) if rng.random() < 0.05 else (),
    )


def random_program(rng: random.Random, catalogue: tuple) -> CurrentProgram:
    ladders: dict[str, list[str]] = {}
    for drill in catalogue:
        ladders.setdefault(drill.ladder, []).append(drill.slug)
    picked = rng.sample(sorted(ladders), k=rng.randint(2, 6))
    return CurrentProgram(
        phase=rng.randint(1, 3),
        started_on=date(2026, 11, 21) - timedelta(days=rng.randint(0, 40)),
        rungs=tuple(sorted((key, rng.choice(ladders[key])) for key in picked)),
    )


def random_log(rng: random.Random, catalogue: tuple) -> tuple[LogEntry, ...]:
    slugs = [drill.slug for drill in catalogue]
    return tuple(
        LogEntry(
            on=date(2026, 11, 21) - timedelta(days=rng.randint(0, 30)),
            drill=rng.choice(slugs),
            pain_during=rng.choice([None, 0, 1, 2, 3, 4, 5, 8]),
            pain_next_day=rng.choice([None, 0, 2, 4]),
        )
        for _ in range(rng.randint(0, 12))
    )


def run_one(request: AssessRequest, catalogue: tuple) -> int:
    proposal = propose(request=request, catalogue=catalogue)
    return len(proposal.progression.phases)


def main() -> None:
    catalogue = catalogue_from_library(json.loads(LIBRARY.read_text(encoding="utf-8")))
    seed = AssessRequest(session=SEED_SESSION)
    for _ in range(200):  # warm up
        run_one(seed, catalogue)
    singles = []
    for _ in range(2000):
        start = time.perf_counter_ns()
        run_one(seed, catalogue)
        singles.append(time.perf_counter_ns() - start)
    rng = random.Random(20261121)
    sessions = [random_session(rng) for _ in range(10_000)]
    requests = [
        AssessRequest(
            session=session,
            previous=replace(previous, assessed_on=date(2026, 10, 20)),
            current_program=random_program(rng, catalogue),
            log=random_log(rng, catalogue),
        )
        for previous, session in zip([sessions[-1], *sessions], sessions, strict=False)
    ]
    varied = []
    batch_start = time.perf_counter()
    for request in requests:
        start = time.perf_counter_ns()
        run_one(request, catalogue)
        varied.append(time.perf_counter_ns() - start)
    batch = time.perf_counter() - batch_start
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"seed session, findings + progression (no current program): median {statistics.median(singles) / 1e6:.3f} ms (2,000 runs)"
    )
    print(
        f"10,000 varied version 2 requests (previous session, current program, pain log): median {statistics.median(varied) / 1e6:.3f} ms, "
        f"p95 {statistics.quantiles(varied, n=20)[-1] / 1e6:.3f} ms, total {batch:.2f} s"
    )


if __name__ == "__main__":
    main()

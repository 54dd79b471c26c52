"""Time the pure core: findings + progression for one session and for 10,000 varied ones.

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
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessments.findings import (  # noqa: E402
    Dorsiflexion,
    Hip,
    PerSide,
    SessionInput,
    Squat,
    compare_sessions,
    evaluate_session,
)
from programs.drill_catalogue import catalogue_from_library  # noqa: E402
from programs.progression import build_progression  # noqa: E402

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
    def maybe(value: object) -> object:
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


def run_one(
    session: SessionInput, previous: SessionInput | None, catalogue: tuple
) -> int:
    result = evaluate_session(session=session)
    changes = compare_sessions(current=session, previous=previous) if previous else ()
    progression = build_progression(
        findings=[f for f in result.findings if f.code != "refer_out"],
        refer_out=result.refer_out,
        catalogue=catalogue,
        changes=changes,
        knee_pain=session.knee_pain_nrs,
    )
    return len(progression.phases)


def main() -> None:
    catalogue = catalogue_from_library(json.loads(LIBRARY.read_text(encoding="utf-8")))
    for _ in range(200):  # warm up
        run_one(SEED_SESSION, None, catalogue)
    singles = []
    for _ in range(2000):
        start = time.perf_counter_ns()
        run_one(SEED_SESSION, None, catalogue)
        singles.append(time.perf_counter_ns() - start)
    rng = random.Random(20261121)
    sessions = [random_session(rng) for _ in range(10_000)]
    varied = []
    previous = None
    batch_start = time.perf_counter()
    for session in sessions:
        start = time.perf_counter_ns()
        run_one(session, previous, catalogue)
        varied.append(time.perf_counter_ns() - start)
        previous = session
    batch = time.perf_counter() - batch_start
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"seed session, findings + progression: median {statistics.median(singles) / 1e6:.3f} ms (2,000 runs)"
    )
    print(
        f"10,000 varied sessions (with change table against the previous): median {statistics.median(varied) / 1e6:.3f} ms, "
        f"p95 {statistics.quantiles(varied, n=20)[-1] / 1e6:.3f} ms, total {batch:.2f} s"
    )


if __name__ == "__main__":
    main()

"""Load and faults with real servers on loopback: nothing acknowledged may be lost.

Sets up a throwaway PostgreSQL cluster in a temporary directory (its own
initdb, port and socket: no other database is touched), migrates it, loads the
drill library and a small gym (4 coaches x 20 clients), starts redis-server
(the cache, sessions read through it), then serves the app with two gunicorn
instances (2 sync workers each, DEBUG=0) behind nginx, all on 127.0.0.1. Virtual coaches and clients (Python threads, one cookie jar each,
coaches signed in through the login form, clients through real personal links)
read pages, save assessment drafts, edit doses, mark drills done and report
pain. During the run PostgreSQL is restarted once (pg_ctl restart -m fast),
Redis is restarted once (everything in it gone), and
one gunicorn instance is killed with SIGKILL (master and workers) and started
again. Afterwards every write that got a success answer is looked up in the
database, a final round of requests must all succeed, and a session opened on
one instance must work on the other.

    .venv/bin/python bench/soak.py            # 32 users for 60 s
    .venv/bin/python bench/soak.py --short    # 8 users for 15 s (CI)

Bounded in time and requests; stops by itself and removes everything it
started (also on error or Ctrl-C). Exits 1 if an acknowledged write is lost,
recovery after the database restart takes over 10 s, the final round fails or
the session check fails. Needs nginx and PostgreSQL's server binaries; as root
the cluster runs as the `postgres` user. See docs/reliability.md.

The parts: soak_servers.py (PostgreSQL, gunicorn, nginx), soak_users.py (the
virtual users), soak_data.py (Django in this process), soak_checks.py (pure
helpers and the lost-write checks, tested in tests/bench/).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import soak_checks as checks
from soak_data import django_setup, gym_layout, prepare_database, stored_state
from soak_servers import (
    REPO,
    Cluster,
    Proxy,
    Redis,
    SoakError,
    WebInstance,
    free_port,
    log,
)
from soak_users import (
    CLIENT_TIMEOUT_S,
    Run,
    client_user,
    coach_user,
    final_round,
    session_across,
)

RECOVERY_TARGET_S = 10.0


@dataclass(slots=True)
class Fault:
    name: str
    at: float  # seconds since the run started
    took: float = 0.0
    detail: str = ""
    window_end: float = 0.0
    recovery_s: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)


def inject_faults(
    run: Run,
    *,
    cluster: Cluster,
    redis: Redis,
    victim: WebInstance,
    args: argparse.Namespace,
) -> list[Fault]:
    """Restart PostgreSQL at a quarter of the run, Redis at 40 %, kill one gunicorn at 60 %, start it again."""

    def sleep_until(offset: float) -> None:
        time.sleep(max(0.0, run.started + offset - time.monotonic()))

    database = Fault(
        "PostgreSQL restart (pg_ctl restart -m fast)", args.duration * 0.25
    )
    cache = Fault(
        "Redis restart (its cache and session copies gone)", args.duration * 0.4
    )
    web = Fault("gunicorn b killed (SIGKILL master + workers)", args.duration * 0.6)
    sleep_until(database.at)
    began = time.monotonic()
    database.at = began - run.started
    cluster.restart()
    database.took = time.monotonic() - began
    log(f"PostgreSQL restarted in {database.took:.2f} s")
    sleep_until(cache.at)
    began = time.monotonic()
    cache.at = began - run.started
    redis.restart()
    cache.took = time.monotonic() - began
    log(f"Redis restarted in {cache.took:.2f} s")
    sleep_until(web.at)
    web.at = time.monotonic() - run.started
    killed = victim.kill()
    log(f"gunicorn b: SIGKILL to {killed} processes (master + workers)")
    time.sleep(args.restart_after)
    began = time.monotonic()
    victim.start()
    web.took = time.monotonic() - run.started - web.at
    web.detail = (
        f"{killed} processes killed; started again after {args.restart_after:.0f} s, "
        f"answering {time.monotonic() - began:.1f} s later"
    )
    log("gunicorn b is back")
    return [database, cache, web]


def measure_faults(faults: list[Fault], *, run: Run, elapsed: float) -> None:
    """Each fault's window runs to the next fault: its errors and how long requests failed."""
    ends = [fault.at for fault in faults[1:]] + [elapsed]
    for fault, window_end in zip(faults, ends, strict=True):
        fault.window_end = window_end
        start, end = run.started + fault.at, run.started + window_end
        fault.recovery_s = checks.recovery_seconds(
            run.samples, fault_at=start, window_end=end
        )
        fault.errors = dict(
            Counter(
                sample.kind
                for sample in run.samples
                if sample.kind in checks.ERROR_KINDS and start <= sample.end < end
            )
        )


def run_soak(args: argparse.Namespace) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="weaklink-soak-"))
    root.chmod(0o755)  # the postgres user works in a subdirectory
    cluster = Cluster(root, free_port(55432))
    redis = Redis(root, free_port(56380))
    instances: list[WebInstance] = []
    proxy: Proxy | None = None
    run: Run | None = None
    timings: dict[str, float] = {}
    try:
        began = time.monotonic()
        log(
            f"PostgreSQL {cluster.version}: initdb in {cluster.home}, port {cluster.port}"
        )
        cluster.create()
        cluster.start()
        redis.start()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "soak_settings",
            "PYTHONPATH": os.pathsep.join([str(root), str(REPO)]),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DATABASE_URL": cluster.url,
            # The production shape: Django's Redis cache, sessions read through it.
            "REDIS_URL": redis.url,
            "LOG_LEVEL": "WARNING",
        }
        # The production settings with one change: collected static files go to the run's directory.
        (root / "soak_settings.py").write_text(
            "from config.settings import *  # noqa: F403\n\n"
            f"STATIC_ROOT = {str(root / 'static')!r}\n"
        )
        django_setup(env, root)
        log(
            "migrate, load_drill_library, seed_scale (4 coaches x 20 clients), collectstatic"
        )
        prepare_database(coaches=4, clients_per_coach=20)
        coach_users = max(1, round(args.users * 3 / 8))
        client_users = args.users - coach_users
        coach_seats, seats, edited_programs = gym_layout(
            coach_users=coach_users, client_users=client_users, programs_per_coach=3
        )
        from django.utils import timezone

        first_day = timezone.localdate()
        ports = [free_port(), free_port()]
        while ports[1] == ports[0]:
            ports[1] = free_port()
        instances = [
            WebInstance(name, port, env, root)
            for name, port in zip("ab", ports, strict=True)
        ]
        for instance in instances:
            instance.start()
        proxy = Proxy(root, free_port(), ports)
        proxy.start()
        timings["setup_s"] = time.monotonic() - began
        log(
            f"nginx :{proxy.port} -> gunicorn a :{ports[0]}, b :{ports[1]} (2 workers each); "
            f"{coach_users} coaches + {client_users} clients for {args.duration:.0f} s"
        )

        run = Run(duration=args.duration, max_requests=args.max_requests)
        cpu_began = time.process_time()
        threads = [
            threading.Thread(
                target=coach_user,
                args=(n, pool, run, proxy.port, args.think_ms),
                daemon=True,
            )
            for n, pool in enumerate(coach_seats)
        ] + [
            threading.Thread(
                target=client_user,
                args=(n, seat, run, proxy.port, args.think_ms),
                daemon=True,
            )
            for n, seat in enumerate(seats)
        ]
        for thread in threads:
            thread.start()

        faults = inject_faults(
            run, cluster=cluster, redis=redis, victim=instances[1], args=args
        )
        for thread in threads:
            thread.join(
                timeout=max(1.0, run.deadline - time.monotonic()) + CLIENT_TIMEOUT_S + 5
            )
        run.stop.set()
        stuck = [thread.name for thread in threads if thread.is_alive()]
        if stuck:
            raise SoakError(f"virtual users still running after the deadline: {stuck}")
        elapsed = time.monotonic() - run.started
        cpu_s = time.process_time() - cpu_began
        measure_faults(faults, run=run, elapsed=elapsed)

        if args.samples:
            write_samples(args.samples, run)
        log("checking every acknowledged write in the database")
        stored = stored_state(run, since=first_day, edited_programs=edited_programs)
        date_moved = timezone.localdate() != first_day
        results = [
            checks.check_assessments(run.assessments, stored["sessions"]),
            checks.check_doses(
                run.doses,
                final_tempo=stored["final_tempo"],
                version_moves=stored["version_moves"],
            ),
            checks.check_toggles(run.toggles, final_done=stored["final_done"]),
            checks.check_pain(run.pains, final_note=stored["final_note"]),
        ]
        log("final round and the session across instances")
        final_sent, final_failures = final_round(
            proxy_port=proxy.port, direct_ports=ports, coach=coach_seats[0], seats=seats
        )
        across = [
            session_across(ports[0], ports[1], coach_seats[0].username),
            session_across(ports[1], ports[0], coach_seats[0].username),
        ]
        return summarise(
            args=args,
            run=run,
            elapsed=elapsed,
            faults=faults,
            results=results,
            final=(final_sent, final_failures),
            across=across,
            timings={
                **timings,
                "load_generator_cpu_s": cpu_s,
                "total_s": time.monotonic() - began,
            },
            layout=(coach_users, client_users),
            postgres=cluster.version,
            date_moved=date_moved,
        )
    finally:
        if run is not None:
            run.stop.set()
        # Each step on its own: one failing (a server already gone) must not leave the others running.
        steps = [proxy.stop] if proxy is not None else []
        steps += [instance.stop for instance in instances] + [redis.stop, cluster.stop]
        for step in steps:
            try:
                step()
            except Exception as error:
                log(f"clean-up: {error}")
        if args.keep:
            log(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def write_samples(path: Path, run: Run) -> None:
    """Every request as CSV (seconds since the start), to draw or re-check a run."""
    with path.open("w", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(["start_s", "end_s", "method", "label", "status"])
        for sample in sorted(run.samples, key=lambda s: s.start):
            writer.writerow(
                [
                    f"{sample.start - run.started:.3f}",
                    f"{sample.end - run.started:.3f}",
                    sample.method,
                    sample.label,
                    sample.status or "",
                ]
            )


def latency_ms(samples: list[checks.Sample]) -> dict[str, float]:
    values = [(s.end - s.start) * 1000 for s in samples if s.status is not None]
    return {
        "p50": checks.percentile(values, 0.50),
        "p95": checks.percentile(values, 0.95),
        "p99": checks.percentile(values, 0.99),
        "max": max(values, default=0.0),
    }


def summarise(
    *,
    args: argparse.Namespace,
    run: Run,
    elapsed: float,
    faults: list[Fault],
    results: list[checks.CheckResult],
    final: tuple[int, list[str]],
    across: list[tuple[bool, str]],
    timings: dict[str, float],
    layout: tuple[int, int],
    postgres: str,
    date_moved: bool,
) -> dict[str, Any]:
    samples = run.samples
    kinds = Counter(sample.kind for sample in samples)
    statuses = Counter(
        sample.status for sample in samples if sample.kind == checks.SERVER_ERROR
    )
    by_label: dict[str, list[checks.Sample]] = defaultdict(list)
    for sample in samples:
        by_label[sample.label].append(sample)
    lost = sum(result.lost for result in results)
    db_recovery = faults[0].recovery_s
    failures = []
    if lost:
        failures.append(f"{lost} acknowledged writes lost")
    if date_moved:
        # The plan's "today" changed during the run; the done checks would compare different days.
        failures.append("the local date changed during the run: run it again")
    if db_recovery > RECOVERY_TARGET_S:
        failures.append(f"recovery after the database restart took {db_recovery:.1f} s")
    if final[1]:
        failures.append(f"final round: {len(final[1])} of {final[0]} requests failed")
    if not all(ok for ok, _ in across):
        failures.append("a session opened on one instance did not work on the other")
    if not sum(result.acked for result in results):
        failures.append("no write was acknowledged: the run proves nothing")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()}: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, PostgreSQL {postgres}",
        "command": " ".join(["bench/soak.py", *sys.argv[1:]]),
        "users": {"coaches": layout[0], "clients": layout[1]},
        "duration_s": round(elapsed, 1),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / elapsed, 1) if elapsed else 0.0,
        "answers": {
            kind: kinds.get(kind, 0)
            for kind in (checks.OK, checks.CONFLICT, *checks.ERROR_KINDS)
        },
        "errors": sum(kinds.get(kind, 0) for kind in checks.ERROR_KINDS),
        "server_errors_by_status": {str(k): v for k, v in sorted(statuses.items())},
        "latency_ms": latency_ms(samples),
        "by_request": {
            label: {
                "count": len(rows),
                "errors": sum(r.kind in checks.ERROR_KINDS for r in rows),
                "409": sum(r.kind == checks.CONFLICT for r in rows),
                **{k: v for k, v in latency_ms(rows).items() if k in ("p50", "p95")},
            }
            for label, rows in sorted(by_label.items())
        },
        "faults": [asdict(fault) for fault in faults],
        "writes": [asdict(result) for result in results],
        "acknowledged_writes": sum(result.acked for result in results),
        "lost_writes": lost,
        "final_round": {"requests": final[0], "failures": final[1]},
        "session_across_instances": [text for _, text in across],
        "timings_s": {k: round(v, 1) for k, v in timings.items()},
        "failures": failures,
        "passed": not failures,
    }


def print_report(report: dict[str, Any]) -> None:
    lat = report["latency_ms"]
    answers = report["answers"]
    lines = [
        "",
        f"Weaklink soak, {report['date']}",
        f"machine   {report['machine']}",
        f"command   {report['command']}",
        f"users     {report['users']['coaches']} coaches + {report['users']['clients']} clients, "
        f"{report['duration_s']} s through nginx -> 2 gunicorn instances x 2 workers -> PostgreSQL + Redis",
        f"requests  {report['requests']} ({report['requests_per_s']}/s): "
        f"{answers['ok']} ok, {answers['409']} refused as stale (409, correct)",
        f"errors    {report['errors']}: {answers['connection']} connection, {answers['5xx']} 5xx "
        f"{report['server_errors_by_status'] or ''}, {answers['4xx']} other 4xx",
        f"latency   p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, p99 {lat['p99']:.0f} ms, max {lat['max']:.0f} ms",
        "",
        f"  {'request':<18}{'count':>7}{'errors':>8}{'409':>6}{'p50 ms':>9}{'p95 ms':>9}",
    ]
    for label, row in report["by_request"].items():
        lines.append(
            f"  {label:<18}{row['count']:>7}{row['errors']:>8}{row['409']:>6}{row['p50']:>9.0f}{row['p95']:>9.0f}"
        )
    lines.append("")
    for fault in report["faults"]:
        lines.append(
            f"fault     {fault['name']} at {fault['at']:.1f} s, took {fault['took']:.2f} s; "
            f"requests failing for {fault['recovery_s']:.2f} s; errors in its window {fault['errors'] or 0}"
            + (f"; {fault['detail']}" if fault["detail"] else "")
        )
    lines.append("")
    lines.append(
        f"  {'write':<20}{'acked':>7}{'lost':>6}{'refused':>9}{'unknown':>9}{'landed':>8}"
    )
    for row in report["writes"]:
        lines.append(
            f"  {row['kind']:<20}{row['acked']:>7}{row['lost']:>6}{row['rejected']:>9}{row['unknown']:>9}{row['unknown_landed']:>8}"
        )
        lines.extend(f"    ! {problem}" for problem in row["problems"][:10])
    lines += [
        "",
        f"checked   {report['acknowledged_writes']} acknowledged writes, {report['lost_writes']} lost",
        f"final     {report['final_round']['requests']} requests after the faults, "
        f"{len(report['final_round']['failures'])} failed {report['final_round']['failures'][:5] or ''}",
        *(f"session   {text}" for text in report["session_across_instances"]),
        f"time      {report['timings_s']}",
        "verdict   "
        + ("PASS" if report["passed"] else "FAIL: " + "; ".join(report["failures"])),
    ]
    print("\n".join(lines), flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="8 users for 15 s (CI)")
    parser.add_argument(
        "--users", type=int, help="concurrent virtual users (default 32, short 8)"
    )
    parser.add_argument(
        "--duration", type=float, help="seconds of load (default 60, short 15)"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=100_000,
        help="stop after this many requests",
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=50,
        help="mean pause between a user's requests",
    )
    parser.add_argument(
        "--restart-after",
        type=float,
        default=3,
        help="seconds before the killed gunicorn starts again",
    )
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument("--samples", type=Path, help="write every request here as CSV")
    parser.add_argument(
        "--keep", action="store_true", help="keep the run's directory (logs, data)"
    )
    args = parser.parse_args(argv)
    args.users = args.users or (8 if args.short else 32)
    args.duration = args.duration or (15.0 if args.short else 60.0)
    if args.users < 2 or args.duration < 8:
        parser.error("at least 2 users and 8 seconds")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        report = run_soak(args)
    except SoakError as error:
        print(f"soak: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("soak: interrupted; everything it started is stopped", file=sys.stderr)
        return 130
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())

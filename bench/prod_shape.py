"""The production shape without Docker: compose's start commands, on loopback, checked.

    .venv/bin/python bench/prod_shape.py          # about a minute; exits 0 when every check passes
    .venv/bin/python bench/prod_shape.py --keep   # keep the run's directory (logs, nginx config)

What docker-compose.yml runs, started by hand in a temporary directory: a
throwaway PostgreSQL cluster (own initdb, port and socket), redis-server, a
local SMTP sink standing in for the mail server, collectstatic (the image's
build step), the one-off `deploy/start.sh migrate` job, two `deploy/start.sh
web` gunicorns (DEBUG=0, 2 workers each), one `deploy/start.sh worker`, and
nginx with deploy/nginx.conf.template in front. Everything listens on
127.0.0.1 only. Then it checks, through nginx with the real Host:

- the health check passes (and a Host outside ALLOWED_HOSTS gets 400); the
  compose health check command passes against each gunicorn;
- hashed static files are served; an uploaded drill image is served from /media/;
- signed-in pages say `Cache-Control: private, no-cache`; the session is shared
  by both gunicorns through Redis;
- nginx overwrites X-Forwarded-For: a new spoofed address per guess still locks
  the username out after 5; a 2 MB POST to the login page is refused (413);
- nginx's access log redacts personal links; the client's plan and
  /plan/sw.js answer 200 under DEBUG=0;
- the worker sends the password-reset email, and its link works;
- gunicorn's access log has time, level and logger on each line and the
  personal link redacted; the restore drill (`deploy/backup.py check`) dumps
  the database, restores it into a new one and finds the same rows in every table;
- a full restart (everything stopped, PostgreSQL and Redis included, the
  migrate job run again) keeps an editor's cue change, a moved rung does not
  stop the start, and the coach stays signed in (sessions are in PostgreSQL).

Removes everything it started, also on error, Ctrl-C or SIGTERM. Exits 1 when
a check fails (each failure named), 2 when the set-up fails. Needs PostgreSQL's
server binaries, redis-server and nginx (.ci/run installs them).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from prod_shape_checks import (
    Checks,
    check_access_log,
    check_backup,
    check_restart,
    check_serving,
    check_worker,
    django_setup,
    seed,
)
from prod_shape_stack import ShapeError, Stack, log, run_job, summary
from soak_servers import REPO, SoakError


def run(args: argparse.Namespace) -> Checks:
    root = Path(tempfile.mkdtemp(prefix="weaklink-prod-shape-"))
    root.chmod(0o755)  # the postgres user and nginx's workers read inside it
    stack = Stack(root)
    checks = Checks()
    began = time.monotonic()
    try:
        stack.prepare()
        stack.start_data()
        log("build step: collectstatic (the image does it at build)")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=REPO,
            env=stack.env,
            check=True,
            timeout=300,
        )
        log("deploy/start.sh migrate (the one-off job)")
        first = run_job("migrate", stack.env)
        checks.check(
            "the migrate job loads the library into the empty database",
            "drills were added" in first,
            summary(first),
        )
        django_setup(stack.env)
        seeded = seed()
        log(
            f"nginx :{stack.proxy_port} -> gunicorn :{stack.web_ports[0]}, :{stack.web_ports[1]}; "
            f"worker; Redis :{stack.redis_port}; PostgreSQL :{stack.cluster.port}; SMTP sink :{stack.smtp.port}"
        )
        stack.start_app()
        coach = check_serving(stack, checks, seeded)
        check_worker(stack, checks)
        check_access_log(stack, checks, seeded)
        check_backup(stack, checks)
        check_restart(stack, checks, seeded, coach)
        dead = [
            s.name for s in (*stack.webs, stack.worker, stack.proxy) if not s.running()
        ]
        checks.check("no process died during the run", not dead, ", ".join(dead))
    except (ShapeError, SoakError, subprocess.SubprocessError, Exception) as error:
        for service in (*stack.webs, stack.worker, stack.proxy, stack.redis):
            if service.tail():
                log(f"--- last lines of {service.log.name} ---\n{service.tail()}")
        raise ShapeError(str(error)) from error
    finally:
        stack.stop()
        log(f"everything stopped after {time.monotonic() - began:.0f} s")
        if args.keep:
            log(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the run's directory")
    args = parser.parse_args(argv)

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        checks = run(args)
    except ShapeError as error:
        print(f"prod-shape: set-up failed: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "prod-shape: interrupted; everything it started is stopped", file=sys.stderr
        )
        return 130
    if checks.failures:
        print(
            f"prod-shape: FAILED {len(checks.failures)} of {len(checks.results)} checks: "
            + "; ".join(checks.failures),
            file=sys.stderr,
        )
        return 1
    print(f"prod-shape: all {len(checks.results)} checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

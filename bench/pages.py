"""Page benchmark: each page's throughput as a ratio of the fastest page Django serves.

Runs the app under gunicorn on PostgreSQL with seed_scale data and drives it with
wrk (Debian package `wrk`) on 127.0.0.1, one endpoint at a time, all in one run.
Bounded: every endpoint runs --seconds, then the servers stop.

    DATABASE_URL=postgres://... python bench/pages.py [--seconds 10] [--connections 16]

Seed first: `python manage.py seed_scale --coaches 50 --clients-per-coach 200 --sessions-per-client 6`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from clients.models import User

BASE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE))
SECRET = "bench-only-secret-key-" + "x" * 40
PORT = 8766
# Marking drills done is measured for one client tapping one drill over and over
# (every request waits for the same rows) and for this many clients at once.
TAPPING_CLIENTS = 16

# The app runs as in production, over plain HTTP on loopback.
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "WEAKLINK_BENCH": "1",
    "LOG_LEVEL": "WARNING",
}

LUA = """
wrk.method = "{method}"
wrk.body = {body}
{headers}
{rotation}
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    path: str
    cookie: str = ""
    method: str = "GET"
    body: str = ""
    htmx: bool = False
    csrf: str = ""
    # (path, cookie) pairs taken in turn instead of path and cookie: many users at once.
    rotation: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Result:
    endpoint: Endpoint
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int


def setup_django() -> None:
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def session_cookie(user: User) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(3600)
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def prepare() -> tuple[list[Endpoint], dict[str, int]]:
    """Pick a busy coach, a client with 20 sessions and a published program, and a client user."""
    from django.db.models import Count
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from assessments.models import AssessmentSession
    from clients.models import Client, User
    from clients.page_cache import touch_clients
    from programs.devdata.scale import COACH_PREFIX
    from programs.models import Prescription, Program
    from programs.plan.page import plan_phases

    coach = (
        User.objects.filter(role=User.Role.COACH, username__startswith=COACH_PREFIX)
        .annotate(n=Count("coached_clients"))
        .order_by("-n", "pk")
        .first()
    )
    if coach is None:
        sys.exit(
            "No seed_scale data: run `python manage.py seed_scale` against this DATABASE_URL first."
        )
    published = list(
        Program.objects.filter(
            client__coach=coach,
            status=Program.Status.PUBLISHED,
            client__archived_at__isnull=True,
        )
        .select_related("client")
        .order_by("pk")[: 1 + TAPPING_CLIENTS]
    )
    program = published[0]
    client = program.client
    # A client page with 20 sessions and charts, as the issue asks.
    have = client.sessions.count()
    latest = client.sessions.order_by("-assessed_on")[0]
    extra = []
    for n in range(max(0, 20 - have)):
        clone = AssessmentSession.objects.get(pk=latest.pk)
        clone.pk = None
        clone.assessed_on = latest.assessed_on - timedelta(days=400 + 14 * n)
        extra.append(clone)
    AssessmentSession.objects.bulk_create(extra)
    # Republish today so phase 1 is the current phase for the plan page and "done".
    Program.objects.filter(pk__in=[item.pk for item in published]).update(
        published_at=timezone.now()
    )
    touch_clients([item.client_id for item in published])  # update() sends no signal
    csrf = _get_new_csrf_string()

    def first_drill_and_cookie(item: Program) -> tuple[int, str]:
        """The client's first drill of today and a signed-in cookie for them."""
        user = item.client.user
        if user is None:
            user = User.objects.create_user(
                username=f"bench-client-{item.client_id}", role=User.Role.CLIENT
            )
            user.set_unusable_password()
            user.save()
            Client.objects.filter(pk=item.client_id).update(user=user)
        item.refresh_from_db()
        phase = plan_phases(item)[0]
        first = Prescription.objects.filter(phase=phase).order_by("order")[0]
        return first.pk, f"{session_cookie(user)}; csrftoken={csrf}"

    prescription_id, tapping_cookie = first_drill_and_cookie(program)
    client_cookie = tapping_cookie.split(";")[0]
    others = [first_drill_and_cookie(item) for item in published[1:]]
    coach_cookie = session_cookie(coach)
    preview_body = urlencode(
        {
            "assessed_on": timezone.localdate().isoformat(),
            "ktw_method": "tape",
            "ktw_footwear": "barefoot",
            "unit": "cm",
            "ktw_left_cm": "7.0",
            "ktw_right_cm": "11.0",
            "heels_rise": "on",
            "knees_cave_left": "on",
            "stance_left_s": "8",
            "stance_right_s": "30",
            "knee_pain_nrs": "3",
        }
    )
    endpoints = [
        Endpoint("baseline (ceiling)", "/bench/baseline"),
        Endpoint("signed-in floor (no page work)", "/bench/signed-in", coach_cookie),
        Endpoint("coach dashboard", "/", coach_cookie),
        Endpoint("client list, search", "/clients/?q=ma", coach_cookie),
        Endpoint("client page, 20 sessions", f"/clients/{client.pk}/", coach_cookie),
        Endpoint(
            "findings preview (htmx)",
            f"/sessions/preview/{client.pk}/",
            f"{coach_cookie}; csrftoken={csrf}",
            "POST",
            preview_body,
            htmx=True,
            csrf=csrf,
        ),
        Endpoint("program page", f"/programs/{program.pk}/", coach_cookie),
        Endpoint("client plan page", "/plan/", client_cookie),
        Endpoint(
            "mark drill done, one client (htmx)",
            f"/plan/done/{prescription_id}/",
            tapping_cookie,
            "POST",
            "",
            htmx=True,
            csrf=csrf,
        ),
        Endpoint(
            f"mark drill done, {len(others)} clients (htmx)",
            f"/plan/done/{others[0][0]}/",
            others[0][1],
            "POST",
            "",
            htmx=True,
            csrf=csrf,
            rotation=tuple(
                (f"/plan/done/{drill_id}/", cookie) for drill_id, cookie in others
            ),
        ),
    ]
    facts = {
        "coach_clients": coach.coached_clients.count(),
        "client_sessions": client.sessions.count(),
        "sessions_total": AssessmentSession.objects.count(),
        "clients_total": Client.objects.count(),
    }
    return endpoints, facts


def lua_script(endpoint: Endpoint, folder: Path) -> Path:
    headers = []
    if endpoint.cookie:
        headers.append(f'wrk.headers["Cookie"] = "{endpoint.cookie}"')
    if endpoint.method == "POST":
        headers.append(
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"'
        )
        headers.append(f'wrk.headers["X-CSRFToken"] = "{endpoint.csrf}"')
    if endpoint.htmx:
        headers.append('wrk.headers["HX-Request"] = "true"')
    path = folder / f"{abs(hash(endpoint.name))}.lua"
    body = json.dumps(endpoint.body) if endpoint.body else "nil"
    rotation = ""
    if endpoint.rotation:
        pairs = ", ".join(
            f"{{{json.dumps(target)}, {json.dumps(cookie)}}}"
            for target, cookie in endpoint.rotation
        )
        rotation = (
            f"local targets = {{{pairs}}}\nlocal turn = 0\n"
            "request = function()\n  turn = turn + 1\n"
            "  local target = targets[(turn % #targets) + 1]\n"
            '  wrk.headers["Cookie"] = target[2]\n'
            "  return wrk.format(nil, target[1])\nend"
        )
    path.write_text(
        LUA.format(
            method=endpoint.method,
            body=body,
            headers="\n".join(headers),
            rotation=rotation,
        ),
        encoding="utf-8",
    )
    return path


def check(endpoint: Endpoint) -> None:
    """One request first: a page that fails is reported, not benchmarked as fast."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{endpoint.path}",
        data=endpoint.body.encode() if endpoint.method == "POST" else None,
        method=endpoint.method,
    )
    for key, value in (("Cookie", endpoint.cookie), ("X-CSRFToken", endpoint.csrf)):
        if value:
            request.add_header(key, value)
    if endpoint.htmx:
        request.add_header("HX-Request", "true")
    if endpoint.method == "POST":
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 200:
            sys.exit(f"{endpoint.name}: answered {response.status}")


def run_wrk(
    endpoint: Endpoint, *, seconds: int, connections: int, folder: Path
) -> Result:
    script = lua_script(endpoint, folder)
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            f"http://127.0.0.1:{PORT}{endpoint.path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    requests, duration_us, status_errors, socket_errors, timeouts, p50, p95, p99 = map(
        int, line.split()[1:]
    )
    return Result(
        endpoint,
        rps=requests / (duration_us / 1e6),
        p50_ms=p50 / 1000,
        p95_ms=p95 / 1000,
        p99_ms=p99 / 1000,
        requests=requests,
        errors=status_errors + socket_errors + timeouts,
    )


def wait_until_up(process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not answer /healthz")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--page-cache",
        choices=("on", "off"),
        default="on",
        help="off renders every page on every request (the cost of a first view after a change)",
    )
    args = parser.parse_args()
    os.environ["WEAKLINK_PAGE_CACHE"] = "1" if args.page_cache == "on" else "0"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database holding seed_scale data.")
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    setup_django()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE,
        check=True,
        env=os.environ,
    )
    endpoints, facts = prepare()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=os.environ,
        start_new_session=True,
    )
    results = []
    try:
        wait_until_up(server)
        with tempfile.TemporaryDirectory() as folder:
            for endpoint in endpoints:
                check(endpoint)
                results.append(
                    run_wrk(
                        endpoint,
                        seconds=args.seconds,
                        connections=args.connections,
                        folder=Path(folder),
                    )
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ceiling = results[0].rps
    print(
        f"\n{facts['clients_total']} clients, {facts['sessions_total']} sessions; coach with {facts['coach_clients']} clients; "
        f"client page with {facts['client_sessions']} sessions; gunicorn {args.workers} workers; wrk {args.connections} connections, {args.seconds} s each; "
        f"page cache {args.page_cache}"
    )
    floor = results[1].rps
    print(
        "\n| page | req/s | ratio to ceiling | ratio to signed-in floor | p50 ms | p95 ms | p99 ms | errors |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    for result in results:
        print(
            f"| {result.endpoint.name} | {result.rps:.0f} | {result.rps / ceiling:.0%} | {result.rps / floor:.0%} | "
            f"{result.p50_ms:.1f} | {result.p95_ms:.1f} | {result.p99_ms:.1f} | {result.errors} |"
        )


if __name__ == "__main__":
    main()

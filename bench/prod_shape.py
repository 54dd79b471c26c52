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
import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from soak_servers import REPO, Cluster, SoakError, free_port, stop_group

HOST = "127.0.0.1"
SITE = "weaklink.test"  # ALLOWED_HOSTS: the health check must send it
COACH = "shape-coach"
COACH_EMAIL = "shape-coach@weaklink.test"
COACH_PASSWORD = "a-long-production-shape-password"
EDITOR_CUE = "Edited in the admin: keep the heel down (prod_shape)"
# 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


# Checks whose fix belongs to another part of the code: reported, not failing
# the run, until it lands (then take the name off).
PENDING: set[str] = set()


class ShapeError(Exception):
    """The stack could not be set up."""


def log(message: str) -> None:
    print(f"[prod-shape {time.strftime('%H:%M:%S')}] {message}", flush=True)


def poll(check: Callable[[], object], *, timeout: float, what: str) -> object:
    """The first truthy result of check() within the deadline (connection errors count as no)."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError, http.client.HTTPException):
            result = check()
            if result:
                return result
        if time.monotonic() > deadline:
            raise ShapeError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.1)


# --- processes ------------------------------------------------------------------------


class Service:
    """One long-running process in its own process group (`deploy/start.sh web|worker`, redis, nginx)."""

    def __init__(
        self, name: str, command: list[str], env: dict[str, str], root: Path
    ) -> None:
        self.name = name
        self.command = command
        self.env = env
        self.log = root / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                self.command,
                cwd=REPO,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None:
            return
        stop_group(self.process, grace=20)
        self.process = None

    def tail(self, lines: int = 15) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def start_sh(job: str, env: dict[str, str]) -> list[str]:
    return ["sh", str(REPO / "deploy" / "start.sh"), job]


def summary(output: str) -> str:
    """The line of a migrate job's output that says what happened to the library."""
    lines = [
        line
        for line in output.splitlines()
        if re.search(r"drills were added|left as the editors keep it", line)
    ]
    return lines[0].strip() if lines else output.strip()[-200:]


def run_job(job: str, env: dict[str, str], *, timeout: float = 300) -> str:
    """A one-off `deploy/start.sh` job; its output, or ShapeError with it."""
    done = subprocess.run(
        start_sh(job, env),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise ShapeError(
            f"deploy/start.sh {job} exited {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def render_nginx(
    *, prefix: Path, listen_port: int, upstream_ports: list[int], media_root: Path
) -> str:
    """deploy/nginx.conf.template with loopback values, inside a main configuration of its own."""
    values = {
        "WEAKLINK_LISTEN": f"{HOST}:{listen_port}",
        "WEAKLINK_UPSTREAM_SERVERS": " ".join(
            f"server {HOST}:{port} max_fails=1 fail_timeout=2s;"
            for port in upstream_ports
        ),
        "WEAKLINK_RESOLVER": "",
        "WEAKLINK_MEDIA_ROOT": f"{media_root}/",
        "WEAKLINK_ACCESS_LOG": f"{prefix}/access.log weaklink",
    }
    server = (REPO / "deploy" / "nginx.conf.template").read_text()
    # What the nginx image's envsubst does: only these names, nginx's own $variables untouched.
    for name, value in values.items():
        server = server.replace("${" + name + "}", value)
    leftover = re.findall(r"\$\{WEAKLINK_\w+\}", server)
    if leftover:
        raise ShapeError(
            f"deploy/nginx.conf.template: no value for {sorted(set(leftover))}"
        )
    (prefix / "weaklink.conf").write_text(server)
    return f"""\
# Generated by bench/prod_shape.py around deploy/nginx.conf.template.
daemon off;
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/weaklink.conf;
}}
"""


# --- a mail server that keeps what it gets -----------------------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend (no TLS, no auth): messages kept in memory."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__((HOST, 0), SmtpHandler)
        self.messages: list[str] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        def say(line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        say("220 prod-shape sink")
        while raw := self.rfile.readline():
            verb = raw.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "DATA":
                say("354 end with <CRLF>.<CRLF>")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line.decode(errors="replace"))
                assert isinstance(self.server, SmtpSink)
                self.server.messages.append("".join(lines))
                say("250 kept")
            elif verb == "QUIT":
                say("221 bye")
                return
            elif verb == "EHLO":
                say("250 prod-shape")
            else:
                say("250 ok")


# --- HTTP through nginx --------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


@dataclass
class Browser:
    """One person's cookies, speaking HTTP to one port with the site's Host."""

    port: int
    host: str = SITE
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        port: int | None = None,
    ) -> Answer:
        connection = http.client.HTTPConnection(HOST, port or self.port, timeout=30)
        sent = {"Host": self.host, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
            for value in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return answer
        finally:
            connection.close()

    def get(self, path: str, **kwargs: Any) -> Answer:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields: dict[str, str], **kwargs: Any) -> Answer:
        from urllib.parse import urlencode

        token = self.cookies.get("csrftoken", "")
        body = urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{self.host}",
            "Referer": f"http://{self.host}{path}",
            **kwargs.pop("headers", {}),
        }
        return self.request("POST", path, body=body, headers=headers, **kwargs)


# --- the stack -------------------------------------------------------------------------------


def _healthy(port: int) -> bool:
    return Browser(port).get("/healthz").status == 200


class Stack:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.cluster = Cluster(root, free_port(55433))
        self.redis_port = free_port(56379)
        self.smtp = SmtpSink()
        self.web_ports = [free_port(), free_port()]
        while self.web_ports[1] == self.web_ports[0]:
            self.web_ports[1] = free_port()
        self.proxy_port = free_port()
        self.media = root / "media"
        self.nginx_prefix = root / "nginx"
        self.env = {
            **os.environ,
            "PYTHON": sys.executable,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": SITE,
            "CSRF_TRUSTED_ORIGINS": f"http://{SITE}",
            "DATABASE_URL": self.cluster.url,
            "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
            # Plain HTTP on loopback: only the switches that need TLS are off.
            "BEHIND_TLS_PROXY": "1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(root / "static"),
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_USE_TLS": "0",
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "WARNING",
        }
        for key in ("DJANGO_SETTINGS_MODULE", "WEAKLINK_BENCH"):
            self.env.pop(key, None)
        self.redis = Service(
            "redis",
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--bind",
                HOST,
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(root),
            ],
            self.env,
            root,
        )
        self.webs = [
            Service(
                f"web-{name}",
                start_sh("web", self.env),
                {**self.env, "BIND": f"{HOST}:{port}"},
                root,
            )
            for name, port in zip("ab", self.web_ports, strict=True)
        ]
        self.worker = Service("worker", start_sh("worker", self.env), self.env, root)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        conf = self.nginx_prefix / "nginx.conf"
        self.proxy = Service(
            "nginx",
            [
                nginx,
                "-e",
                str(self.nginx_prefix / "error.log"),
                "-c",
                str(conf),
                "-p",
                str(self.nginx_prefix),
            ],
            self.env,
            root,
        )
        self.started_cluster = False

    # Each piece, in the order compose starts them.

    def prepare(self) -> None:
        for tool, package in (("redis-server", "redis-server"), ("nginx", "nginx")):
            if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
                raise ShapeError(f"{tool} not found (apt-get install {package})")
        self.media.mkdir()
        (self.nginx_prefix / "tmp").mkdir(parents=True)
        conf = render_nginx(
            prefix=self.nginx_prefix,
            listen_port=self.proxy_port,
            upstream_ports=self.web_ports,
            media_root=self.media,
        )
        (self.nginx_prefix / "nginx.conf").write_text(conf)
        self.smtp.thread.start()
        log(f"PostgreSQL {self.cluster.version}: initdb, port {self.cluster.port}")
        self.cluster.create()

    def start_data(self) -> None:
        if not self.started_cluster:
            self.cluster.start()  # also creates the database
            self.started_cluster = True
        else:
            self.cluster._pg_ctl("start")
            self.cluster.running = True
        self.redis.start()
        poll(self.redis_ping, timeout=15, what="redis-server")

    def redis_ping(self) -> bool:
        with socket.create_connection((HOST, self.redis_port), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")

    def start_app(self) -> None:
        for web in self.webs:
            web.start()
        self.worker.start()
        for web, port in zip(self.webs, self.web_ports, strict=True):
            poll(
                partial(_healthy, port),
                timeout=40,
                what=f"{web.name} (log: {web.tail()})",
            )
        run = subprocess.run(
            [
                "nginx",
                "-t",
                "-q",
                "-e",
                str(self.nginx_prefix / "error.log"),
                "-c",
                str(self.nginx_prefix / "nginx.conf"),
                "-p",
                str(self.nginx_prefix),
            ],
            capture_output=True,
            text=True,
            env=self.env,
        )
        if run.returncode:
            raise ShapeError(f"nginx -t refused the configuration:\n{run.stderr}")
        self.proxy.start()
        poll(
            lambda: Browser(self.proxy_port).get("/healthz").status == 200,
            timeout=15,
            what="nginx",
        )

    def stop_app(self) -> None:
        for service in (self.proxy, self.worker, *self.webs):
            service.stop()

    def stop_data(self) -> None:
        self.redis.stop()
        self.cluster.stop()

    def stop_smtp(self) -> None:
        # shutdown() waits for serve_forever, which never ran if set-up failed early.
        if self.smtp.thread.is_alive():
            self.smtp.shutdown()
        self.smtp.server_close()

    def stop(self) -> None:
        steps = [self.stop_app, self.stop_data, self.stop_smtp]
        for step in steps:
            try:
                step()
            except Exception as error:
                log(f"clean-up: {error}")


# --- Django in this process (set-up data and read it back) -----------------------------------


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def seed() -> dict[str, Any]:
    """A coach with an email, demo clients with published programs, an uploaded drill image."""
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import connections

    from clients.links import link_issue
    from clients.models import User
    from programs.models import Drill, Prescription, Program

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    User.objects.create_user(
        username=COACH, email=COACH_EMAIL, password=COACH_PASSWORD, role=User.Role.COACH
    )
    drill = Drill.objects.filter(owner__isnull=True).order_by("slug")[0]
    drill.image.save("prod-shape.png", ContentFile(PNG), save=True)
    used = (
        Prescription.objects.filter(phase__program__status=Program.Status.PUBLISHED)
        .select_related("drill", "phase__program__client__coach")
        .order_by("pk")
        .first()
    )
    if used is None:
        raise ShapeError("the demo data has no published program to move a rung of")
    client = used.phase.program.client
    link = link_issue(client=client, user=client.coach)
    connections.close_all()
    return {
        "image_url": drill.image.url,
        "image_drill": drill.pk,
        "used_drill": used.drill.pk,
        "link_path": f"/c/{link.token}/",
    }


def edit_library(*, cue_drill: int, moved_drill: int) -> None:
    """What an editor does in the admin: a cue changed, a used rung moved to another ladder."""
    from django.db import connections

    from programs.models import Drill

    drill = Drill.objects.get(pk=cue_drill)
    drill.cues = [EDITOR_CUE, *drill.cues[1:]]
    drill.save(update_fields=["cues"])
    Drill.objects.filter(pk=moved_drill).update(ladder="moved-by-an-editor")
    connections.close_all()


def library_state(*, cue_drill: int, moved_drill: int) -> tuple[str, str]:
    from django.db import connections

    from programs.models import Drill

    cue = Drill.objects.get(pk=cue_drill).cues[0]
    ladder = Drill.objects.get(pk=moved_drill).ladder
    connections.close_all()
    return cue, ladder


def redis_session_keys(port: int) -> int:
    import redis

    client = redis.Redis(host=HOST, port=port)
    try:
        return len(client.keys("weaklink:*django.contrib.sessions.cached_db*"))
    finally:
        client.close()


# --- the checks ------------------------------------------------------------------------------


@dataclass
class Checks:
    results: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        if name in PENDING:
            word = (
                "PASS (take it off PENDING)" if ok else "PENDING (known, not failing)"
            )
            log(f"{word}  {name}" + (f": {detail}" if detail else ""))
            return ok
        self.results.append((name, ok, detail))
        log(f"{'PASS' if ok else 'FAIL'}  {name}" + (f": {detail}" if detail else ""))
        return ok

    @property
    def failures(self) -> list[str]:
        return [name for name, ok, _ in self.results if not ok]


def sign_in(browser: Browser, username: str, password: str, **kwargs: Any) -> Answer:
    browser.get("/accounts/login/")
    return browser.post_form(
        "/accounts/login/", {"username": username, "password": password}, **kwargs
    )


def check_serving(stack: Stack, checks: Checks, seeded: dict[str, Any]) -> Browser:
    proxy = stack.proxy_port
    health = Browser(proxy).get("/healthz")
    checks.check(
        "health check through nginx with the real Host",
        health.status == 200 and b'"ok"' in health.body,
        f"{health.status} {health.text[:80]}",
    )
    bare = Browser(proxy, host="127.0.0.1").get("/healthz")
    checks.check(
        "a Host outside ALLOWED_HOSTS is refused", bare.status == 400, str(bare.status)
    )
    for port in stack.web_ports:
        probe = subprocess.run(
            [
                sys.executable,
                "-m",
                "config.healthcheck",
                f"http://{HOST}:{port}/healthz",
            ],
            cwd=REPO,
            env=stack.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        checks.check(
            f"the compose health check command passes on gunicorn :{port}",
            probe.returncode == 0,
            probe.stderr.strip(),
        )

    login = Browser(proxy).get("/accounts/login/")
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', login.text)
    static = Browser(proxy).get(css.group(1)) if css else None
    checks.check(
        "hashed static files are served, cached for long",
        static is not None
        and static.status == 200
        and "max-age=315360000" in static.headers.get("cache-control", ""),
        css.group(1) if css else "no hashed stylesheet on the login page",
    )

    image = Browser(proxy).get(str(seeded["image_url"]))
    checks.check(
        "an uploaded drill image is served from /media/",
        image.status == 200
        and image.body == PNG
        and image.headers.get("content-type") == "image/png",
        f"{seeded['image_url']}: {image.status} {image.headers.get('content-type')}",
    )

    coach = Browser(proxy)
    signed = sign_in(coach, COACH, COACH_PASSWORD)
    home = coach.get("/")
    cache_control = {
        part.strip() for part in home.headers.get("cache-control", "").split(",")
    }
    checks.check(
        "signed-in pages say Cache-Control: private, no-cache",
        signed.status == 302
        and home.status == 200
        and {"private", "no-cache"} <= cache_control,
        f"sign-in {signed.status}, home {home.status}, Cache-Control {home.headers.get('cache-control')!r}",
    )
    across = [coach.get("/", port=port).status for port in stack.web_ports]
    keys = redis_session_keys(stack.redis_port)
    checks.check(
        "one session works on both gunicorns, read through Redis",
        across == [200, 200] and keys >= 1,
        f"answers {across}, session keys in Redis {keys}",
    )

    phone = Browser(proxy)
    opened = phone.get(str(seeded["link_path"]))
    plan = phone.get("/plan/")
    worker = phone.get("/plan/sw.js")
    checks.check(
        "the client's plan and its service worker (/plan/sw.js) answer 200",
        opened.status == 302 and plan.status == 200 and worker.status == 200,
        f"link {opened.status}, plan {plan.status}, sw.js {worker.status}",
    )

    access_log = (stack.nginx_prefix / "access.log").read_text()
    token = str(seeded["link_path"]).split("/")[2]
    checks.check(
        "nginx's access log redacts personal links",
        "/c/[redacted]" in access_log and token not in access_log,
        f"{access_log.count('/c/[redacted]')} redacted lines, token present: {token in access_log}",
    )

    victim = Browser(proxy)
    answers = [
        sign_in(
            victim,
            "shape-nobody",
            "wrong password",
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        ).status
        for n in range(6)
    ]
    checks.check(
        "nginx overwrites X-Forwarded-For: a new spoofed address per guess is still locked out",
        answers == [200] * 5 + [429],
        f"answers {answers}",
    )

    try:
        big: int | str = (
            Browser(proxy)
            .request(
                "POST",
                "/accounts/login/",
                body=b"x" * (2 * 1024 * 1024),
                headers={"Content-Type": "application/octet-stream"},
            )
            .status
        )
    except OSError as error:
        big = f"no answer ({error})"
    checks.check("a 2 MB POST to the login page is refused (413)", big == 413, str(big))
    return coach


def check_worker(stack: Stack, checks: Checks) -> None:
    before = len(stack.smtp.messages)
    asker = Browser(stack.proxy_port)
    asker.get("/accounts/password/reset/")
    asked = asker.post_form("/accounts/password/reset/", {"email": COACH_EMAIL})
    try:
        message = poll(
            lambda: len(stack.smtp.messages) > before and stack.smtp.messages[-1],
            timeout=30,
            what="the password-reset email",
        )
    except ShapeError as error:
        checks.check(
            "the worker sends the password-reset email",
            False,
            f"{asked.status}; {error}",
        )
        return
    unfolded = str(message).replace("=\r\n", "").replace("=\n", "")
    link = re.search(rf"http://{re.escape(SITE)}(/accounts/reset/\S+/)", unfolded)
    opened = Browser(stack.proxy_port).get(link.group(1)) if link else None
    checks.check(
        "the worker sends the password-reset email, and its link works",
        asked.status == 302
        and opened is not None
        and opened.status == 302
        and "set-password" in opened.headers.get("location", ""),
        f"request {asked.status}, link {link.group(1) if link else None}, "
        f"opened {opened.status if opened else None}",
    )


def check_backup(stack: Stack, checks: Checks) -> None:
    """The restore drill on the running stack: deploy/backup.py check (docs/operations.md)."""
    env = {**stack.env, "PATH": f"{stack.cluster.bin}:{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [sys.executable, str(REPO / "deploy" / "backup.py"), "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    passed = done.returncode == 0 and "backup check passed" in done.stdout
    checks.check(
        "backup: pg_dump, restore into a new database, the same rows in every table",
        passed,
        (done.stdout if passed else f"exit {done.returncode}: {done.stderr}").strip(),
    )


def check_access_log(stack: Stack, checks: Checks, seeded: dict[str, Any]) -> None:
    """gunicorn's access log (stdout of deploy/start.sh web): time, level, logger; no link."""
    token = str(seeded["link_path"]).split("/")[2]
    logged = "\n".join(web.log.read_text(errors="replace") for web in stack.webs)
    access = re.findall(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO gunicorn\.access (.*)$",
        logged,
        re.MULTILINE,
    )
    redacted = [line for line in access if '"GET /c/[redacted] HTTP/1.' in line]
    checks.check(
        "gunicorn's access log: time, level, logger, and personal links redacted",
        bool(redacted) and token not in logged,
        f"{len(access)} access lines, {len(redacted)} with /c/[redacted], "
        f"token present: {token in logged}",
    )


def check_restart(
    stack: Stack, checks: Checks, seeded: dict[str, Any], coach: Browser
) -> None:
    cue_drill, moved_drill = int(seeded["image_drill"]), int(seeded["used_drill"])
    edit_library(cue_drill=cue_drill, moved_drill=moved_drill)
    log(
        "full restart: nginx, gunicorns, worker, Redis and PostgreSQL stopped, then compose's order again"
    )
    stack.stop_app()
    stack.stop_data()
    stack.start_data()
    try:
        output = run_job("migrate", stack.env)
        started = True
    except ShapeError as error:
        output, started = str(error), False
    checks.check(
        "the migrate job runs again and leaves the edited library alone (moved rung included)",
        started and "left as the editors keep it" in output,
        summary(output),
    )
    stack.start_app()
    cue, ladder = library_state(cue_drill=cue_drill, moved_drill=moved_drill)
    checks.check(
        "an editor's cue change and rung move survive the restart",
        cue == EDITOR_CUE and ladder == "moved-by-an-editor",
        f"cue {cue!r}, ladder {ladder!r}",
    )
    health = Browser(stack.proxy_port).get("/healthz")
    again = coach.get("/")
    checks.check(
        "after the restart: healthy, and the coach is still signed in (sessions in PostgreSQL)",
        health.status == 200 and again.status == 200,
        f"health {health.status}, home {again.status}",
    )


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

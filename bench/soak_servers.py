"""The servers of a soak run (bench/soak.py): a throwaway PostgreSQL cluster,
gunicorn instances in their own process groups, nginx in the foreground.

Everything listens on 127.0.0.1 only and lives in the run's temporary directory.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import soak_checks as checks

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# gunicorn ends a stuck worker (20 s) before nginx gives up on it (30 s),
# before a virtual user does (40 s): an answer that never came is settled.
GUNICORN_TIMEOUT_S = 20


class SoakError(Exception):
    """The run could not be set up or carried out."""


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port(preferred: int | None = None) -> int:
    """A free TCP port on loopback (the preferred one if it is free)."""
    candidates = [preferred] if preferred else []
    for port in [*candidates, 0]:
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise SoakError("no free port on 127.0.0.1")


def wait_for(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if check():
                return
        time.sleep(0.1)
    raise SoakError(f"{what} did not come up within {timeout:.0f} s")


def http_status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def run_command(
    command: list[str],
    *,
    as_postgres: bool = False,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> str:
    if as_postgres and os.geteuid() == 0:
        # initdb and postgres refuse to run as root.
        command = ["runuser", "-u", "postgres", "--", *command]
    try:
        done = subprocess.run(
            command,
            check=True,
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=timeout,
        )
    except subprocess.CalledProcessError as error:
        raise SoakError(
            f"{' '.join(command)} failed ({error.returncode}):\n{error.stdout}{error.stderr}"
        ) from error
    return done.stdout


# --- PostgreSQL: a cluster of our own ---------------------------------------------------


def postgres_bindir() -> Path:
    versions = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if path.is_dir()),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    if not versions:
        raise SoakError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)"
        )
    return versions[-1]


class Cluster:
    """A throwaway PostgreSQL cluster: own data directory, port and socket directory."""

    def __init__(self, root: Path, port: int) -> None:
        self.bin = postgres_bindir()
        self.version = self.bin.parent.name
        self.home = root / "pg"
        self.data = self.home / "data"
        self.log = self.home / "postgres.log"
        self.port = port
        self.password = secrets.token_hex(16)
        self.running = False

    @property
    def url(self) -> str:
        return f"postgres://weaklink:{self.password}@{HOST}:{self.port}/weaklink"

    def _pg(self, tool: str, *args: str, timeout: float = 120) -> str:
        return run_command(
            [str(self.bin / tool), *args],
            as_postgres=True,
            cwd=self.home,
            timeout=timeout,
        )

    def _pg_ctl(self, *args: str) -> str:
        return self._pg(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args
        )

    def create(self) -> None:
        self.home.mkdir(mode=0o700)
        pwfile = self.home / "password"
        pwfile.write_text(self.password + "\n")
        if os.geteuid() == 0:
            for path in (self.home, pwfile):
                shutil.chown(path, "postgres", "postgres")
        self._pg(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "weaklink",
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            # Only initdb's own final flush is skipped: the server keeps fsync on.
            "--no-sync",
        )
        pwfile.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# bench/soak.py: loopback only, own port and socket directory\n"
                f"listen_addresses = '{HOST}'\n"
                f"port = {self.port}\n"
                f"unix_socket_directories = '{self.home}'\n"
            )

    def start(self) -> None:
        self._pg_ctl("start")
        self.running = True
        self._pg(
            "createdb",
            "-h",
            str(self.home),
            "-p",
            str(self.port),
            "-U",
            "weaklink",
            "weaklink",
        )

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if not self.running or not (self.data / "postmaster.pid").exists():
            return
        try:
            self._pg_ctl("stop", "-m", "fast")
        except (SoakError, subprocess.TimeoutExpired):
            self._pg_ctl("stop", "-m", "immediate")
        self.running = False


# --- Redis: the shared cache and session reads ------------------------------------------


class Redis:
    """redis-server on loopback, no persistence (as in compose: a cache, nothing to keep)."""

    def __init__(self, root: Path, port: int) -> None:
        self.port = port
        self.dir = root
        self.log = root / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def ping(self) -> bool:
        with socket.create_connection((HOST, self.port), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")

    def start(self) -> None:
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(server).exists():
            raise SoakError("redis-server not found (apt-get install redis-server)")
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                [
                    server,
                    "--bind",
                    HOST,
                    "--port",
                    str(self.port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.dir),
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self.ping, timeout=15, what="redis-server")

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


# --- gunicorn and nginx ----------------------------------------------------------------------


def stop_group(process: subprocess.Popen, *, grace: float) -> None:
    """SIGTERM a process group, then SIGKILL what is left after `grace` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def group_members(pgid: int) -> list[int]:
    """Processes of a process group (gunicorn's master and its workers)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            # Fields after the command name, which may hold spaces: state, ppid, pgrp, ...
            if int(stat.rsplit(")", 1)[1].split()[2]) == pgid:
                members.append(int(entry.name))
    return sorted(members)


class WebInstance:
    """One gunicorn instance of config.wsgi, in its own process group."""

    def __init__(self, name: str, port: int, env: dict[str, str], root: Path) -> None:
        self.name = name
        self.port = port
        self.env = env
        self.log = root / f"gunicorn-{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--workers",
                    "2",
                    "--timeout",
                    str(GUNICORN_TIMEOUT_S),
                    "--graceful-timeout",
                    "5",
                    "--name",
                    f"weaklink-soak-{self.name}",
                ],
                cwd=REPO,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(
            lambda: http_status(self.port, "/healthz") == 200,
            timeout=30,
            what=f"gunicorn {self.name}",
        )

    def kill(self) -> int:
        """SIGKILL the master and its workers at once; the number of processes killed."""
        if self.process is None:
            return 0
        members = group_members(self.process.pid)
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        return len(members)

    def stop(self) -> None:
        if self.process is None:
            return
        stop_group(self.process, grace=10)
        self.process = None


class Proxy:
    """nginx in the foreground (daemon off), configuration and logs under root/nginx."""

    def __init__(self, root: Path, port: int, upstream_ports: list[int]) -> None:
        self.prefix = root / "nginx"
        self.port = port
        self.upstream_ports = upstream_ports
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SoakError("nginx not found (apt-get install nginx)")
        (self.prefix / "tmp").mkdir(parents=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            checks.nginx_config(
                prefix=str(self.prefix),
                listen_port=self.port,
                upstream_ports=self.upstream_ports,
            )
        )
        error_log = str(self.prefix / "error.log")
        run_command(
            [
                nginx,
                "-t",
                "-q",
                "-e",
                error_log,
                "-c",
                str(conf),
                "-p",
                str(self.prefix),
            ]
        )
        self.process = subprocess.Popen(
            [nginx, "-e", error_log, "-c", str(conf), "-p", str(self.prefix)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(
            lambda: http_status(self.port, "/healthz") == 200, timeout=15, what="nginx"
        )

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

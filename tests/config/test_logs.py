"""Log lines carry time, level and logger, and never a personal or password-reset link."""

from __future__ import annotations

import http.client
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config.logs import RedactLinks, redact_links

BASE = Path(__file__).resolve().parents[2]
TOKEN = "AbC123xyz:1vQz9k:Zp4-secret_part"
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) (?P<logger>\S+) (?P<message>.*)$"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"GET /c/{TOKEN}/ HTTP/1.1", "GET /c/[redacted] HTTP/1.1"),
        (f"/c/{TOKEN}/", "/c/[redacted]"),
        (
            f"https://weaklink.example/c/{TOKEN}/?utm=x",
            "https://weaklink.example/c/[redacted]",
        ),
        (f'"http://weaklink.test/c/{TOKEN}/"', '"http://weaklink.test/c/[redacted]"'),
        (f"/accounts/login/?next=/c/{TOKEN}/", "/accounts/login/?next=/c/[redacted]"),
        (
            f"/accounts/login/?next=%2Fc%2F{TOKEN}%2F&x=1",
            "/accounts/login/?next=%2Fc%2F[redacted]&x=1",
        ),
        (
            "GET /accounts/reset/MTI/cxy7-0a1b2c3d4e5f/ HTTP/1.1",
            "GET /accounts/reset/[redacted] HTTP/1.1",
        ),
        (f"Not Found: /c/{TOKEN}/", "Not Found: /c/[redacted]"),
    ],
)
def test_it_redacts_links_wherever_they_stand(text: str, expected: str) -> None:
    assert redact_links(text) == expected
    assert "secret_part" not in redact_links(text)


@pytest.mark.parametrize(
    "text",
    [
        "GET /clients/12/ HTTP/1.1",
        "GET /static/css/app.0123456789ab.css HTTP/1.1",
        "GET /plan/sw.js HTTP/1.1",
        "GET /accounts/login/ HTTP/1.1",
        "GET /accounts/password/reset/ HTTP/1.1",
        "https://weaklink.example/clients/c/",
    ],
)
def test_it_leaves_other_paths_alone(text: str) -> None:
    assert redact_links(text) == text


def test_the_filter_redacts_the_formatted_message_with_its_arguments() -> None:
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/c/{TOKEN}/",),
        None,
    )
    assert RedactLinks().filter(record) is True
    assert record.getMessage() == "Not Found: /c/[redacted]"


def test_the_filter_keeps_other_records_as_they_are() -> None:
    record = logging.LogRecord(
        "programs", logging.INFO, __file__, 1, "published %s", (7,), None
    )
    RedactLinks().filter(record)
    assert (record.msg, record.args) == ("published %s", (7,))


def test_django_logs_time_level_and_logger_with_links_redacted() -> None:
    # Production settings in a process of their own: what LOGGING does to stderr.
    code = (
        "import logging; "
        f"logging.getLogger('django.request').warning('Not Found: %s', '/c/{TOKEN}/')"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "LOG_LEVEL"}},
        "DEBUG": "0",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-key-0123456789",
        "ALLOWED_HOSTS": "weaklink.example",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = [LINE.match(line) for line in done.stderr.splitlines()]
    found = [m for m in lines if m and m["logger"] == "django.request"]
    assert found, done.stderr
    assert found[0]["level"] == "WARNING"
    assert found[0]["message"] == "Not Found: /c/[redacted]"
    assert "secret_part" not in done.stderr


def start_sh_access_format() -> str:
    start = (BASE / "deploy" / "start.sh").read_text()
    assert "--logger-class config.logs.GunicornLogger" in start
    assert "--access-logfile -" in start
    found = re.search(r"--access-logformat '([^']+)'", start)
    assert found
    return found.group(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_real_gunicorn_access_log_never_prints_a_link(tmp_path: Path) -> None:
    """gunicorn with deploy/start.sh's logger class and access-log format."""
    port = free_port()
    access_log = tmp_path / "access.log"
    error_log = tmp_path / "error.log"
    with access_log.open("w") as out, error_log.open("w") as err:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tests.config.hello_wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--logger-class",
                "config.logs.GunicornLogger",
                "--access-logfile",
                "-",
                "--access-logformat",
                start_sh_access_format() + ' "%(f)s"',
            ],
            cwd=BASE,
            stdout=out,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(port, "/healthz", {})
                break
            except OSError:
                assert server.poll() is None, error_log.read_text()
                assert time.monotonic() < deadline, error_log.read_text()
                time.sleep(0.05)
        referer = {"Referer": f"https://weaklink.example/c/{TOKEN}/"}
        assert get(port, f"/c/{TOKEN}/", {}) == 200
        assert get(port, "/plan/", referer) == 200
        assert get(port, "/accounts/reset/MTI/cxy7-secret_part/", {}) == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    logged = access_log.read_text()
    assert "secret_part" not in logged
    matched = [LINE.match(line) for line in logged.splitlines()]
    lines = [m for m in matched if m is not None]
    assert len(lines) == len(matched), logged
    access = [m["message"] for m in lines if m["logger"] == "gunicorn.access"]
    assert len(access) >= 4, logged
    assert access[-3].startswith('127.0.0.1 "GET /c/[redacted] HTTP/1.1" 200 2 ')
    assert access[-2].startswith('127.0.0.1 "GET /plan/ HTTP/1.1" 200 2 ')
    assert access[-2].endswith('"https://weaklink.example/c/[redacted]"')
    assert access[-1].startswith(
        '127.0.0.1 "GET /accounts/reset/[redacted] HTTP/1.1" 200 2 '
    )
    # gunicorn's own lines (error log, stderr) have the same shape.
    matched = [LINE.match(line) for line in error_log.read_text().splitlines()]
    errors = [m for m in matched if m is not None]
    assert errors and len(errors) == len(matched), error_log.read_text()
    assert {m["logger"] for m in errors} == {"gunicorn.error"}

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import database_from_url, env_bool, env_list

BASE = Path(__file__).resolve().parents[2]


def test_it_uses_sqlite_without_a_database_url() -> None:
    config = database_from_url(None, base_dir=BASE)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == BASE / "db.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_it_parses_a_postgres_url_with_persistent_checked_connections() -> None:
    config = database_from_url(
        "postgres://coach:p%40ss@db.example:6543/weaklink?sslmode=require",
        base_dir=BASE,
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (
        config["USER"],
        config["PASSWORD"],
        config["HOST"],
        config["PORT"],
        config["NAME"],
    ) == (
        "coach",
        "p@ss",
        "db.example",
        "6543",
        "weaklink",
    )
    assert config["OPTIONS"] == {"sslmode": "require"}
    assert config["CONN_MAX_AGE"] > 0
    assert config["CONN_HEALTH_CHECKS"] is True


def test_it_refuses_an_unknown_database_scheme() -> None:
    with pytest.raises(ValueError, match="mysql"):
        database_from_url("mysql://x@y/z", base_dir=BASE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("yes", True),
        ("On", True),
        ("0", False),
        ("false", False),
        ("", False),
    ],
)
def test_it_reads_booleans(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_it_rejects_a_boolean_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ValueError, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_it_splits_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOSTS", " a.example, b.example ,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key() -> None:
    result = run_django({"DEBUG": "0", "ALLOWED_HOSTS": "weaklink.example"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = run_django(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 30 + "-production-like-secret-key-0123456789",
            "ALLOWED_HOSTS": "weaklink.example",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout

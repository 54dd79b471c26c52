"""What the production environment turns on: Redis cache and sessions, tasks, email."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 30 + "-production-like-secret-key-0123456789",
    "ALLOWED_HOSTS": "weaklink.example",
}
NAMES = ("CACHES", "SESSION_ENGINE", "TASKS", "MAILERS", "INSTALLED_APPS")
PRINT = f"""
import json
from django.conf import settings
print(json.dumps({{name: getattr(settings, name, None) for name in {NAMES!r}}}, default=str))
"""


def settings_with(**env: str) -> dict:
    keep = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "EMAIL_HOST"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT],
        cwd=BASE,
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_redis_holds_the_cache_and_fronts_the_sessions_when_configured() -> None:
    loaded = settings_with(**PRODUCTION, REDIS_URL="redis://redis:6379/0")
    assert loaded["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis:6379/0",
        "KEY_PREFIX": "weaklink",
    }
    assert loaded["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_nothing_needs_a_server() -> None:
    loaded = settings_with()
    assert loaded["CACHES"]["default"]["BACKEND"].endswith("db.DatabaseCache")
    assert loaded["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert loaded["MAILERS"]["default"]["BACKEND"].endswith("console.EmailBackend")


def test_production_queues_tasks_in_the_database_and_mails_by_smtp() -> None:
    loaded = settings_with(**PRODUCTION, EMAIL_HOST="smtp.example", EMAIL_PORT="2525")
    assert loaded["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in loaded["INSTALLED_APPS"]
    mailer = loaded["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (mailer["OPTIONS"]["host"], mailer["OPTIONS"]["port"]) == (
        "smtp.example",
        2525,
    )


def test_production_never_prints_email_to_the_log() -> None:
    loaded = settings_with(**PRODUCTION)
    assert loaded["MAILERS"]["default"]["BACKEND"].endswith("smtp.EmailBackend")

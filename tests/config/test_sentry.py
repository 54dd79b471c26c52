"""Error reporting: off without SENTRY_DSN, and no personal data in what it would send."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

from config.sentry import scrub_event

BASE = Path(__file__).resolve().parents[2]
TOKEN = "AbC123xyz:1vQz9k:Zp4-secret_part"


def realistic_event() -> dict:
    """Shaped like what sentry-sdk's Django integration builds for a 500 on the client's plan."""
    return {
        "event_id": "4f0c0a3c5b8e4d6f9a1b2c3d4e5f6a7b",
        "level": "error",
        "platform": "python",
        "server_name": "web-3",
        "transaction": f"/c/{TOKEN}/",
        "request": {
            "url": f"https://weaklink.example/c/{TOKEN}/",
            "method": "POST",
            "query_string": f"next=/c/{TOKEN}/&email=jo@example.com",
            "cookies": {"sessionid": "s3ss10n-secret", "csrftoken": "csrf-secret"},
            "data": {"pain": "7", "note": "Left knee swollen after the wedding"},
            "headers": {
                "Cookie": "sessionid=s3ss10n-secret",
                "Authorization": "Basic c2VjcmV0",
                "X-Forwarded-For": "203.0.113.9",
                "Referer": f"https://weaklink.example/c/{TOKEN}/",
                "User-Agent": "Mozilla/5.0 (iPhone)",
                "Accept-Language": "en-GB",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9", "SERVER_NAME": "weaklink.example"},
        },
        "user": {
            "id": "42",
            "email": "jo.client@example.com",
            "username": "jo.client",
            "name": "Jo Client",
            "ip_address": "203.0.113.9",
        },
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"no plan for /c/{TOKEN}/",
                    "stacktrace": {
                        "frames": [
                            {
                                "filename": "programs/plan/views.py",
                                "function": "report_pain",
                                "lineno": 88,
                                "vars": {
                                    "note": "'Left knee swollen'",
                                    "token": f"'{TOKEN}'",
                                },
                            }
                        ]
                    },
                }
            ]
        },
        "threads": {
            "values": [
                {
                    "stacktrace": {
                        "frames": [{"function": "run", "vars": {"name": "'Jo'"}}]
                    }
                }
            ]
        },
        "breadcrumbs": {
            "values": [
                {
                    "category": "query",
                    "message": "UPDATE programs_completion SET note = %s WHERE id = %s",
                    "data": {"params": ["Left knee swollen", 9]},
                },
                {"category": "django.request", "message": f"Not Found: /c/{TOKEN}/"},
            ]
        },
        "logentry": {
            "message": "pain report failed for %s",
            "formatted": f"pain report failed for /c/{TOKEN}/",
            "params": ["jo.client@example.com"],
        },
        "tags": {"environment": "production"},
    }


def test_it_drops_bodies_cookies_query_strings_and_identifying_headers() -> None:
    request = scrub_event(realistic_event())["request"]
    assert set(request) == {"url", "method", "headers"}
    assert request["url"] == "https://weaklink.example/c/[redacted]"
    assert request["headers"] == {
        "User-Agent": "Mozilla/5.0 (iPhone)",
        "Accept-Language": "en-GB",
    }


def test_it_keeps_only_the_users_id() -> None:
    assert scrub_event(realistic_event())["user"] == {"id": "42"}


def test_it_drops_local_variables_and_breadcrumb_data() -> None:
    event = scrub_event(realistic_event())
    frame = event["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert frame == {
        "filename": "programs/plan/views.py",
        "function": "report_pain",
        "lineno": 88,
    }
    assert "vars" not in event["threads"]["values"][0]["stacktrace"]["frames"][0]
    crumbs = event["breadcrumbs"]["values"]
    assert all("data" not in crumb for crumb in crumbs)
    assert crumbs[1]["message"] == "Not Found: /c/[redacted]"
    assert "params" not in event["logentry"]


def test_nothing_personal_is_left_anywhere_in_the_event() -> None:
    sent = json.dumps(scrub_event(realistic_event()))
    for secret in (
        "secret_part",
        "s3ss10n-secret",
        "csrf-secret",
        "c2VjcmV0",
        "203.0.113.9",
        "jo.client",
        "Jo Client",
        "Left knee",
        'example.com"',
    ):
        assert secret not in sent, secret
    # What a developer needs to find the bug is still there.
    assert "ValueError" in sent and "report_pain" in sent and '"42"' in sent


def test_it_accepts_an_event_without_a_request_or_user() -> None:
    event = {"level": "error", "message": "worker crashed"}
    assert scrub_event(copy.deepcopy(event)) == event


PRINT_CLIENT = """
import json, sentry_sdk
client = sentry_sdk.get_client()
options = client.options if client.is_active() else {}
def scrubs(hook):
    event = {"user": {"id": "42", "email": "maya@example.com"}, "request": {"cookies": "x"}}
    return hook is not None and hook(event, {}) == {"user": {"id": "42"}, "request": {}}
print(json.dumps({
    "active": client.is_active(),
    "send_default_pii": options.get("send_default_pii"),
    "include_local_variables": options.get("include_local_variables"),
    "max_request_body_size": options.get("max_request_body_size"),
    "scrubs": scrubs(options.get("before_send")) and scrubs(options.get("before_send_transaction")),
}))
"""


def sentry_state(**env: str) -> dict:
    keep = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT_CLIENT],
        cwd=BASE,
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_error_reporting_is_off_without_a_dsn() -> None:
    assert sentry_state()["active"] is False


def test_a_dsn_turns_it_on_with_personal_data_off() -> None:
    # A DSN on a reserved domain: sentry_sdk.init connects to nothing until an event is sent.
    assert sentry_state(SENTRY_DSN="https://publickey@sentry.invalid/1") == {
        "active": True,
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "scrubs": True,
    }

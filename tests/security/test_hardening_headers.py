"""Production hardening: the settings DEBUG=0 produces, and the headers and cookies they send.

The production values are read from a subprocess that loads config/settings.py
with a production environment (settings are read once per process), then
applied to this process's settings so the test client sees real responses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client as HttpClient

from tests.factory import PASSWORD, make_coach

BASE = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 30 + "-production-like-secret-key-0123456789",
    "ALLOWED_HOSTS": "weaklink.example",
}
HARDENING = (
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_REDIRECT_EXEMPT",
    "X_FRAME_OPTIONS",
    "SECURE_CSP",
    "SECURE_CSP_REPORT_ONLY",
    "CACHES",
    "AUTH_PASSWORD_VALIDATORS",
)
PRINT_SETTINGS = f"""
import json
from django.conf import settings
print(json.dumps({{name: getattr(settings, name, None) for name in {HARDENING!r}}}, default=str))
"""


@pytest.fixture(scope="module")
def production() -> dict:
    keep = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT_SETTINGS],
        cwd=BASE,
        env={**keep, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def as_production(settings, production: dict) -> dict:
    """This process's settings switched to the production values (static storage aside)."""
    for name in HARDENING:
        if name not in {"CACHES", "AUTH_PASSWORD_VALIDATORS"}:
            setattr(settings, name, production[name])
    settings.ALLOWED_HOSTS = ["weaklink.example"]
    return production


def test_production_turns_every_switch_on(production: dict) -> None:
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["X_FRAME_OPTIONS"] == "DENY"


def test_production_enforces_a_csp_without_inline_script(production: dict) -> None:
    csp = production["SECURE_CSP"]
    assert not production["SECURE_CSP_REPORT_ONLY"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]


def test_production_shares_one_cache_and_checks_passwords(production: dict) -> None:
    assert production["CACHES"]["default"]["BACKEND"].endswith("db.DatabaseCache")
    validators = {
        entry["NAME"].rsplit(".", 1)[-1]
        for entry in production["AUTH_PASSWORD_VALIDATORS"]
    }
    assert validators >= {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


@pytest.mark.django_db
def test_it_sends_the_security_headers_with_debug_off(
    client: HttpClient, as_production: dict
) -> None:
    response = client.get("/accounts/login/", secure=True, HTTP_HOST="weaklink.example")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy-Report-Only" not in response
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'nonce-" in policy["script-src"]


@pytest.mark.django_db
def test_it_sets_secure_httponly_samesite_cookies_with_debug_off(
    client: HttpClient, as_production: dict
) -> None:
    coach = make_coach()
    page = client.get("/accounts/login/", secure=True, HTTP_HOST="weaklink.example")
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/",
        {"username": coach.username, "password": PASSWORD},
        secure=True,
        HTTP_HOST="weaklink.example",
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@pytest.mark.django_db
def test_it_redirects_plain_http_to_https_except_the_health_check(
    client: HttpClient, as_production: dict
) -> None:
    response = client.get("/accounts/login/", HTTP_HOST="weaklink.example")
    assert response.status_code == 301
    assert response["Location"] == "https://weaklink.example/accounts/login/"
    assert client.get("/healthz", HTTP_HOST="weaklink.example").status_code == 200


@pytest.mark.django_db
def test_it_refuses_an_unknown_host_with_debug_off(
    client: HttpClient, as_production: dict
) -> None:
    response = client.get("/accounts/login/", secure=True, HTTP_HOST="evil.example")
    assert response.status_code == 400

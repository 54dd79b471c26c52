"""The container health check sends a Host the app accepts."""

from __future__ import annotations

import pytest

from config.healthcheck import probe_host


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("weaklink.example", "weaklink.example"),
        ("weaklink.example,www.weaklink.example", "weaklink.example"),
        (" .weaklink.example ", "weaklink.example"),
        ("*,weaklink.example", "weaklink.example"),
        ("", "localhost"),
        ("*", "localhost"),
    ],
)
def test_it_probes_with_the_first_allowed_host(allowed: str, host: str) -> None:
    assert probe_host(allowed) == host


@pytest.mark.django_db
def test_the_app_accepts_the_probe_and_refuses_a_bare_address(
    client,
    settings,
) -> None:
    settings.ALLOWED_HOSTS = ["weaklink.example"]
    probe = client.get("/healthz", headers={"Host": probe_host("weaklink.example")})
    assert probe.status_code == 200
    assert client.get("/healthz", headers={"Host": "127.0.0.1"}).status_code == 400

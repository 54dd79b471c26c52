"""The compose file, image and nginx template, read the way an operator relies on them.

No Docker engine runs in CI: bench/prod_shape.py runs the same start commands
and nginx template for real; these tests pin what only compose itself uses.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BASE = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((BASE / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (BASE / "Dockerfile").read_text()
NGINX = (BASE / "deploy" / "nginx.conf.template").read_text()


def test_only_the_proxy_publishes_a_port() -> None:
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}


def test_migrations_and_the_library_run_once_as_a_job_before_web_and_worker() -> None:
    assert SERVICES["migrate"]["command"] == ["deploy/start.sh", "migrate"]
    assert SERVICES["migrate"]["restart"] == "no"
    for name in ("web", "worker"):
        assert SERVICES[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    start = (BASE / "deploy" / "start.sh").read_text()
    assert "load_drill_library --if-empty" in start
    # The web start migrates nothing and loads nothing.
    web = start.split("web)", 1)[1].split(";;", 1)[0]
    assert "migrate" not in web and "load_drill_library" not in web


def test_long_running_services_restart_and_the_web_scales() -> None:
    for name in ("db", "redis", "web", "worker", "proxy"):
        assert SERVICES[name]["restart"] == "unless-stopped", name
    web = SERVICES["web"]
    # --scale web=3 needs no fixed name and no host port.
    assert "container_name" not in web and "ports" not in web
    assert "resolve" in SERVICES["proxy"]["environment"]["WEAKLINK_UPSTREAM_SERVERS"]


def test_the_database_password_is_required() -> None:
    db_env = SERVICES["db"]["environment"]
    assert db_env["POSTGRES_PASSWORD"] == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    assert ":-" not in SERVICES["web"]["environment"]["DATABASE_URL"]


def test_web_and_worker_share_redis_and_the_database() -> None:
    for name in ("web", "worker", "migrate"):
        env = SERVICES[name]["environment"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["DATABASE_URL"].startswith("postgres://")
    assert SERVICES["worker"]["command"] == ["deploy/start.sh", "worker"]


def test_health_checks_send_a_host_the_app_accepts() -> None:
    assert SERVICES["web"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "-m",
        "config.healthcheck",
    ]
    assert "Host: $${ALLOWED_HOSTS" in SERVICES["proxy"]["healthcheck"]["test"][1]


def test_the_proxy_serves_media_from_the_volume_with_the_shared_template() -> None:
    proxy = SERVICES["proxy"]
    assert (
        "./deploy/nginx.conf.template:/etc/nginx/templates/default.conf.template:ro"
        in proxy["volumes"]
    )
    assert "media:/srv/media:ro" in proxy["volumes"]
    assert proxy["environment"]["WEAKLINK_MEDIA_ROOT"] == "/srv/media/"


@pytest.mark.parametrize(
    "line",
    [
        "proxy_set_header X-Forwarded-For $remote_addr;",
        "client_max_body_size 1m;",
        "client_max_body_size 25m;",
        "alias ${WEAKLINK_MEDIA_ROOT};",
        '~^/c/              "/c/[redacted]";',
    ],
)
def test_the_nginx_template_overwrites_forwarded_for_and_limits_bodies(
    line: str,
) -> None:
    assert line in NGINX


def test_the_image_uses_cis_python_and_collects_static_files_at_build() -> None:
    assert re.search(r"^FROM python:3\.12-slim-trixie$", DOCKERFILE, re.MULTILINE)
    assert "collectstatic" in DOCKERFILE.split("CMD", 1)[0]
    assert 'CMD ["deploy/start.sh", "web"]' in DOCKERFILE


def test_the_image_leaves_local_state_out() -> None:
    ignored = set((BASE / ".dockerignore").read_text().split())
    assert {".git", ".venv", "db.sqlite3", "media", "staticfiles"} <= ignored


def locked_releases(name: str) -> dict[str, tuple[str, int]]:
    """`package -> (version, number of hashes)` from a pip-compile lock file."""
    releases: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=[a-z0-9])", (BASE / name).read_text()):
        pin = re.match(r"([a-z0-9][a-z0-9._-]*)==([^\s;]+)", block)
        if pin:
            releases[canonicalize_name(pin[1])] = (
                pin[2],
                block.count("--hash=sha256:"),
            )
    return releases


def project_requirements(*, extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((BASE / "pyproject.toml").read_text())["project"]
    listed = (
        project["optional-dependencies"][extra] if extra else project["dependencies"]
    )
    return [Requirement(line) for line in listed]


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", ()), ("requirements-dev.lock", ("dev",))]
)
def test_the_lock_pins_every_dependency_within_pyprojects_ranges_with_hashes(
    lock: str, extras: tuple[str, ...]
) -> None:
    # Fails when pyproject.toml changes a dependency and `make lock` was not run.
    locked = locked_releases(lock)
    wanted = project_requirements() + [
        requirement
        for extra in extras
        for requirement in project_requirements(extra=extra)
    ]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in {lock}: run make lock"
        version, hashes = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, outside {requirement.specifier}: run make lock"
        )
        assert hashes >= 1, name
    assert all(hashes >= 1 for _version, hashes in locked.values())


def test_the_image_installs_the_lock_with_hashes() -> None:
    install = DOCKERFILE.split("COPY . .", 1)[0]
    assert "COPY requirements.lock ./" in install
    assert (
        "pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock"
        in install
    )

"""Test set-up shared by every test: a fast hasher, browser launch, factories.

`make test` runs the suite in parallel (pytest-xdist, one process per core).
Each process gets its own test database (pytest-django adds the worker id,
test_weaklink_gw0 on PostgreSQL; SQLite tests use a private in-memory
database per process), its own temporary directory (tmp_path lives under
popen-gw0/ and so on), its own MEDIA_ROOT (below), its own page cache (local
memory) and its own live_server port (0: the system picks a free one).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A loaded CI machine can take longer than Playwright's default 5 s to settle a
# page; this is an upper bound on waiting for a condition, not a sleep.
try:
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=15_000)
except ImportError:  # pragma: no cover - dev extras not installed
    pass

# live_server runs Django in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def xdist_worker() -> str:
    """`gw0`, `gw1`... inside a pytest-xdist worker; `main` in a run without workers."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pose: needs mediapipe and its bundled pose model (REQUIRE_POSE=1 in CI)",
    )


def find_pose_model() -> str | None:
    """Why the pose tests cannot run, or None when mediapipe and its full model are installed.

    Looked up without importing mediapipe, which takes seconds.
    """
    spec = importlib.util.find_spec("mediapipe")
    if spec is None or spec.origin is None:
        return "mediapipe is not installed"
    model = Path(spec.origin).parent / "modules/pose_landmark/pose_landmark_full.tflite"
    return None if model.is_file() else f"{model} is missing"


POSE_SKIPPED = "pose model not available"
BROWSER_SKIPPED = "Chromium not found: browser tests skipped"
_REQUIRED_BUT_MISSING = pytest.StashKey[str]()


def _required_but_missing(items: list[pytest.Item], message: str) -> None:
    """REQUIRE_POSE=1 or REQUIRE_BROWSER=1 and the thing is missing: the run fails.

    In one process the run stops before any test. A pytest-xdist worker cannot
    stop it that way (xdist reports an internal error and drops the message),
    so there each of those tests fails with the message instead.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        raise pytest.UsageError(message)
    for item in items:
        item.stash[_REQUIRED_BUT_MISSING] = message


def pytest_runtest_setup(item: pytest.Item) -> None:
    message = item.stash.get(_REQUIRED_BUT_MISSING, None)
    if message is not None:
        pytest.fail(message, pytrace=False)


def _skip_pose_tests(items: list[pytest.Item]) -> None:
    pose_items = [item for item in items if item.get_closest_marker("pose")]
    missing = find_pose_model() if pose_items else None
    if missing is None:
        return
    if os.environ.get("REQUIRE_POSE") == "1":
        _required_but_missing(
            pose_items,
            f"REQUIRE_POSE=1 but {missing} (pip install mediapipe==0.10.21 on Python 3.12)",
        )
        return
    reason = f"{POSE_SKIPPED}: {missing}; pose tests skipped"
    for item in pose_items:
        item.add_marker(pytest.mark.skip(reason=reason))


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    _skip_pose_tests(items)
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or find_chromium():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        _required_but_missing(
            browser_items,
            "REQUIRE_BROWSER=1 but no Chromium was found (install Debian's 'chromium' package or set CHROMIUM_PATH)",
        )
        return
    reason = f"{BROWSER_SKIPPED} (install Debian's 'chromium' package to run them)"
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


def _skipped_because(terminalreporter, reason: str) -> int:
    """Tests skipped with a reason starting `reason`, counted from the reports.

    Counted here rather than at collection: under pytest-xdist the workers
    collect, and only the reports reach the process that writes the summary.
    """
    count = 0
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        if isinstance(longrepr, tuple) and str(longrepr[2]).removeprefix(
            "Skipped: "
        ).startswith(reason):
            count += 1
    return count


def pytest_terminal_summary(
    terminalreporter, exitstatus: int, config: pytest.Config
) -> None:
    pose_skipped = _skipped_because(terminalreporter, POSE_SKIPPED)
    if pose_skipped:
        terminalreporter.write_sep(
            "!",
            f"{pose_skipped} POSE MODEL TESTS SKIPPED: mediapipe 0.10.21 not installed",
            yellow=True,
            bold=True,
        )
    skipped = _skipped_because(terminalreporter, BROWSER_SKIPPED)
    if skipped:
        terminalreporter.write_sep(
            "!",
            f"{skipped} BROWSER TESTS SKIPPED: Chromium not found",
            yellow=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": find_chromium(),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def phone_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    }


@pytest.fixture
def phone_page(browser, phone_context_args: dict):
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, browser_context_args: dict):
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 900}}
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session", autouse=True)
def _media_root_of_this_process(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path]:
    """Uploads go to a MEDIA_ROOT of this process's own, never the repository's media/.

    Parallel workers would otherwise write drill images and squat videos into
    one directory (same names, deleted by one worker under the other). The
    directory is inside this process's pytest temp dir; MEDIA_ROOT is also set
    in the environment for the manage.py processes some tests start. With
    REDIS_URL set, the default cache gets a key prefix of this process too.
    """
    from django.conf import settings
    from django.test import override_settings

    root = tmp_path_factory.mktemp("media")
    storages: dict[str, Any] = settings.STORAGES
    caches: dict[str, Any] = settings.CACHES
    overrides: dict[str, object] = {
        "MEDIA_ROOT": root,
        "STORAGES": {
            **storages,
            "squat_videos": {
                **storages["squat_videos"],
                "OPTIONS": {
                    **storages["squat_videos"].get("OPTIONS", {}),
                    "location": root / "private",
                },
            },
        },
    }
    if caches["default"]["BACKEND"].endswith("RedisCache"):
        overrides["CACHES"] = {
            **caches,
            "default": {
                **caches["default"],
                "KEY_PREFIX": f"weaklink-test-{xdist_worker()}",
            },
        }
    previous = os.environ.get("MEDIA_ROOT")
    os.environ["MEDIA_ROOT"] = str(root)
    try:
        with override_settings(**overrides):
            yield root
    finally:
        if previous is None:
            os.environ.pop("MEDIA_ROOT", None)
        else:
            os.environ["MEDIA_ROOT"] = previous


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_page_cache() -> None:
    """Rendered pages are cached per process; each test starts with none (ids repeat across tests)."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    """Tasks run inside the test (Django's immediate backend) instead of waiting for a worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }

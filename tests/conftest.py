"""Test set-up shared by every test: a fast hasher, browser launch, factories."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

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


def _skip_pose_tests(config: pytest.Config, items: list[pytest.Item]) -> None:
    pose_items = [item for item in items if item.get_closest_marker("pose")]
    missing = find_pose_model() if pose_items else None
    if missing is None:
        return
    if os.environ.get("REQUIRE_POSE") == "1":
        raise pytest.UsageError(
            f"REQUIRE_POSE=1 but {missing} (pip install mediapipe==0.10.21 on Python 3.12)"
        )
    reason = f"pose model not available: {missing}; pose tests skipped"
    for item in pose_items:
        item.add_marker(pytest.mark.skip(reason=reason))
    config._weaklink_pose_skipped = len(pose_items)  # type: ignore[attr-defined]


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    _skip_pose_tests(config, items)
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or find_chromium():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            "REQUIRE_BROWSER=1 but no Chromium was found (install Debian's 'chromium' package or set CHROMIUM_PATH)"
        )
    reason = "Chromium not found: browser tests skipped (install Debian's 'chromium' package to run them)"
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))
    config._weaklink_browser_skipped = len(browser_items)  # type: ignore[attr-defined]


def pytest_terminal_summary(
    terminalreporter, exitstatus: int, config: pytest.Config
) -> None:
    pose_skipped = getattr(config, "_weaklink_pose_skipped", 0)
    if pose_skipped:
        terminalreporter.write_sep(
            "!",
            f"{pose_skipped} POSE MODEL TESTS SKIPPED: mediapipe 0.10.21 not installed",
            yellow=True,
            bold=True,
        )
    skipped = getattr(config, "_weaklink_browser_skipped", 0)
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


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    """Tasks run inside the test (Django's immediate backend) instead of waiting for a worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }

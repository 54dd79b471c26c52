"""Imports follow DESIGN.md "Apps, layers and the direction of imports".

- Models, services and pure cores import one way: clients <- assessments <- programs.
- Views, URL confs, forms, admin, page view-models, template tags and commands are the
  layer on top: they may use any app, and nothing below imports them.
- The pure cores (assessments/core/, programs/progression/ and the video analysis
  modules) import no Django and nothing outside the pure cores.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[2]
APPS = ("clients", "assessments", "programs")
# Each app, and the apps its lower layer must never import.
FORBIDDEN = {
    "clients": ("assessments", "programs"),
    "assessments": ("programs",),
    "programs": (),
}
PURE_FOLDERS = ("assessments/core", "programs/progression")
PURE_FILES = (
    "assessments/video/rules.py",
    "assessments/video/landmarks.py",
    "assessments/video/geometry.py",
    "assessments/video/quality.py",
    "assessments/video/reps.py",
    "assessments/video/analysis.py",
    "assessments/video/chart.py",
)
TOP_NAMES = {
    "views.py",
    "urls.py",
    "client_urls.py",
    "forms.py",
    "admin.py",
    "admin_pages.py",  # the drill admin's extra pages, beside admin.py
    "admin_form.py",  # the drill admin's form, beside admin.py
    "page.py",
    "program_page.py",
    "session_layout.py",  # the session form's layout, beside forms.py
}
TOP_FOLDERS = {"views", "templatetags", "management", "migrations"}


def module_name(path: Path) -> str:
    # A package's __init__.py is the package itself (assessments.core.wording).
    name = ".".join(path.relative_to(BASE).with_suffix("").parts)
    return name.removesuffix(".__init__")


def is_top_layer(path: Path) -> bool:
    parts = path.relative_to(BASE).parts
    return path.name in TOP_NAMES or bool(TOP_FOLDERS & set(parts[:-1]))


def app_modules() -> list[Path]:
    return sorted(p for app in APPS for p in (BASE / app).rglob("*.py"))


def pure_modules() -> list[Path]:
    folders = [p for f in PURE_FOLDERS for p in (BASE / f).rglob("*.py")]
    return sorted(folders + [BASE / f for f in PURE_FILES])


TOP_MODULES = {module_name(p) for p in app_modules() if is_top_layer(p)}
LOWER = [p for p in app_modules() if not is_top_layer(p)]
PURE_MODULES = {module_name(p) for p in pure_modules()}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # "from programs.plan import views" imports programs.plan.views.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_layers_are_classified() -> None:
    assert "clients.views.clients" in TOP_MODULES
    assert "programs.plan.page" in TOP_MODULES
    assert "programs.services" not in TOP_MODULES
    assert "assessments.core.findings" in PURE_MODULES
    assert "programs.progression.builder" in PURE_MODULES


@pytest.mark.parametrize("app", APPS)
def test_lower_layers_never_import_higher_apps(app: str) -> None:
    offenders = [
        f"{path.relative_to(BASE)} imports {module}"
        for path in LOWER
        if path.relative_to(BASE).parts[0] == app
        for module in sorted(imported_modules(path))
        if module.split(".")[0] in FORBIDDEN[app]
    ]
    assert offenders == []


def test_models_services_and_cores_never_import_pages() -> None:
    """A write never reaches sideways into a page module or a view."""
    offenders = [
        f"{path.relative_to(BASE)} imports {module}"
        for path in LOWER
        for module in sorted(imported_modules(path))
        if module in TOP_MODULES
    ]
    assert offenders == []


@pytest.mark.parametrize("path", pure_modules(), ids=lambda p: str(p.relative_to(BASE)))
def test_the_pure_core_imports_no_django(path: Path) -> None:
    modules = imported_modules(path)
    assert not {m for m in modules if m.split(".")[0] in {"django", "clients"}}
    own_app = path.relative_to(BASE).parts[0]
    allowed_apps = (
        {"assessments"} if own_app == "assessments" else {"assessments", "programs"}
    )
    outside = sorted(
        m
        for m in modules
        if m.split(".")[0] in set(APPS)
        and (m.split(".")[0] not in allowed_apps or not _within_pure(m))
    )
    assert outside == []


def _within_pure(module: str) -> bool:
    """The module, or the package it names a member of, is a pure core module."""
    return any(
        module == pure or module.startswith(pure + ".") or pure.startswith(module + ".")
        for pure in PURE_MODULES
    ) or module in {"assessments.core", "programs.progression", "assessments.video"}

"""Imports go one way: clients <- assessments <- programs (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[2]
# Each app, and the apps it must never import.
FORBIDDEN = {
    "clients": ("assessments", "programs"),
    "assessments": ("programs",),
}
PURE = (
    "assessments/rules.py",
    "assessments/changes.py",
    "assessments/core_types.py",
    "assessments/hip_knee.py",
    "assessments/findings.py",
    "assessments/contract.py",
    "assessments/contract_output.py",
    "assessments/contract_fields.py",
    "assessments/contract_program.py",
    "assessments/charts.py",
    "assessments/clinical_charts.py",
    "assessments/video/rules.py",
    "assessments/video/landmarks.py",
    "assessments/video/geometry.py",
    "assessments/video/quality.py",
    "assessments/video/reps.py",
    "assessments/video/analysis.py",
    "assessments/numbers.py",
    "assessments/video/chart.py",
    "programs/progression.py",
    "programs/progression_rules.py",
    "programs/progression_types.py",
    "programs/progression_rows.py",
    "programs/progression_plan.py",
    "programs/progression_report.py",
    "programs/governance.py",
    "programs/phase_gate.py",
    "programs/pain_rule.py",
    "programs/proposal.py",
    "programs/drill_catalogue.py",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_lower_apps_never_import_higher_ones(app: str) -> None:
    offenders = []
    for path in sorted((BASE / app).rglob("*.py")):
        for module in imported_modules(path):
            if module.split(".")[0] in FORBIDDEN[app]:
                offenders.append(f"{path.relative_to(BASE)} imports {module}")
    assert offenders == []


@pytest.mark.parametrize("relative", PURE)
def test_the_pure_core_imports_no_django(relative: str) -> None:
    modules = imported_modules(BASE / relative)
    assert not {m for m in modules if m.split(".")[0] in {"django", "clients"}}
    allowed_apps = (
        {"assessments"}
        if relative.startswith("assessments")
        else {"assessments", "programs"}
    )
    for module in modules:
        if module.split(".")[0] in {"assessments", "programs"}:
            assert module.split(".")[0] in allowed_apps
            # Only other modules of the pure core.
            assert module.rsplit(".", 1)[-1] in {Path(pure).stem for pure in PURE}

"""Services are built once, in `bot/bootstrap.py`, and handed in: only the command line's
entry points reach for the composition root, and no handler builds a service of its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
ENTRY_POINTS = BOT / "cli"
SERVICE_CLASSES = frozenset({
    "AnswerService", "RoleService", "AdminService", "RoundLifecycle", "ExportService",
    "RightsService", "DeliveryService", "PromptService", "ConsultationDirectory",
    "ConsultationUploads", "TaggingService", "DefinitionCache",
})


def imports_bootstrap(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.bootstrap":
            return True
        if isinstance(node, ast.Import) and any(a.name == "bot.bootstrap" for a in node.names):
            return True
    return False


def builds_a_service(source: str) -> list[str]:
    """Service classes constructed in `source` (`RoleService(...)`, `RoundLifecycle.from_app`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in SERVICE_CLASSES:
            found.append(func.id)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
            func.value.id in SERVICE_CLASSES and func.attr.startswith("from_")
        ):
            found.append(f"{func.value.id}.{func.attr}")
    return found


MODULES = sorted(p for p in BOT.rglob("*.py") if p != BOT / "bootstrap.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(BOT)))
def test_only_entry_points_import_the_composition_root(path: Path) -> None:
    if ENTRY_POINTS in path.parents:
        return
    assert not imports_bootstrap(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(BOT)))
def test_no_module_builds_a_service_of_its_own(path: Path) -> None:
    assert builds_a_service(path.read_text(encoding="utf-8")) == []


def test_the_checks_can_fail() -> None:
    assert imports_bootstrap("from bot.bootstrap import App")
    assert imports_bootstrap("import bot.bootstrap")
    assert not imports_bootstrap("from bot.services.roles import RoleService")
    assert builds_a_service("roles = RoleService(app.unit_of_work)") == ["RoleService"]
    assert builds_a_service("x = RoundLifecycle.from_app(app)") == ["RoundLifecycle.from_app"]
    assert builds_a_service("roles = app.roles") == []

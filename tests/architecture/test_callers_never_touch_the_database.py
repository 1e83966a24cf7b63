"""Chat adapters, scheduling, broadcast, mail, results and exports reach the database only
through the unit of work's repositories: none imports sqlmodel, sqlalchemy or a table."""

from __future__ import annotations

from pathlib import Path

import pytest
from layering import ROOT, database_imports, module_name, modules_under

PACKAGES = ("bot/telegram", "bot/scheduling", "bot/broadcast", "bot/results", "bot/exports",
            "bot/mail")
MODULES = modules_under(*PACKAGES)


def test_every_package_has_modules_to_check() -> None:
    empty = [p for p in PACKAGES if not any(path.is_relative_to(ROOT / p) for path in MODULES)]

    assert empty == []


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_the_module_imports_no_database_library_and_no_table(path: Path) -> None:
    found = database_imports(path.read_text(encoding="utf-8"), module_name(path))

    assert not found, "\n".join(str(breach) for breach in found)


# --- the check itself can fail -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("from sqlmodel import col, select", "imports sqlmodel"),
        ("import sqlalchemy", "imports sqlalchemy"),
        ("from sqlalchemy.exc import DBAPIError", "imports sqlalchemy.exc"),
        ("import sqlmodel.sql.expression as sql", "imports sqlmodel.sql.expression"),
        ("from storage.tables import OutboxRow", "imports storage.tables"),
        ("from storage.tables.people import SessionRow", "imports storage.tables.people"),
        ("from storage import tables", "imports storage.tables"),
        ("from storage import RoundRow", "imports the table storage.RoundRow"),
        ("def f():\n    from sqlmodel import update\n", "imports sqlmodel"),
        ("if TYPE_CHECKING:\n    from sqlalchemy import Engine\n", "imports sqlalchemy"),
    ],
)
def test_the_check_finds_a_database_import(source: str, what: str) -> None:
    found = database_imports(source, "bot.scheduling.example")

    assert what in [breach.what for breach in found]


@pytest.mark.parametrize(
    "source",
    [
        "from bot.services.ports import RoundRow, UnitOfWork",
        "from storage import ConsultationHasAnswers",
        "from storage.locking import scheduler_lock",
        "import bot.engine.session",
        "from bot.results.model import Results",
    ],
)
def test_the_check_lets_repository_users_pass(source: str) -> None:
    assert database_imports(source, "bot.scheduling.example") == []

"""Only storage/ writes SQL: elsewhere in bot/ no module imports sqlalchemy or sqlmodel,
touches a unit of work's session, or calls `.session.exec()` / `.session.execute()`.

Allowed to keep what they have: the composition root, `copro db`, and bot/operations (the
database admin tools: backup, location, system checks).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from layering import BOT, ROOT, module_name, modules_under, sql_uses

ALLOWED = ("bot/bootstrap.py", "bot/cli/db_commands.py", "bot/operations/")


def allowed(path: Path) -> bool:
    relative = path.resolve().relative_to(ROOT).as_posix()
    return any(relative == a or (a.endswith("/") and relative.startswith(a)) for a in ALLOWED)


MODULES = [path for path in modules_under("bot") if not allowed(path)]


def test_the_allowed_modules_exist_and_everything_else_is_checked() -> None:
    for name in ALLOWED:
        assert (ROOT / name).exists(), name
    assert len(MODULES) > 150
    assert BOT / "services" / "ports.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_the_module_writes_no_sql(path: Path) -> None:
    found = sql_uses(path.read_text(encoding="utf-8"), module_name(path))

    assert not found, "\n".join(str(breach) for breach in found)


# --- the check itself can fail -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("rows = uow.session.exec(statement)", "uses a unit of work's session"),
        ("session = uow.session", "uses a unit of work's session"),
        ("self._uow.session.add(row)", "uses a unit of work's session"),
        ("unit_of_work.session.flush()", "uses a unit of work's session"),
        ("result = self.session.execute(text('SELECT 1'))", "calls .session.execute()"),
        ("found = repository.session.exec(query)", "calls .session.exec()"),
        ("from sqlalchemy import text", "imports sqlalchemy"),
        ("from sqlmodel import col", "imports sqlmodel"),
        ("import sqlalchemy.pool", "imports sqlalchemy.pool"),
    ],
)
def test_the_check_finds_sql(source: str, what: str) -> None:
    found = sql_uses(source, "bot.services.example")

    assert what in [breach.what for breach in found]


@pytest.mark.parametrize(
    "source",
    [
        "rows = uow.outbox.claim_due(10, now)",
        "await self.bot.session.close()",  # aiogram's HTTP session, not a database's
        "language = step.session.language",  # the engine's session
        "from storage import SqlUnitOfWork",
    ],
)
def test_the_check_lets_repository_calls_pass(source: str) -> None:
    assert sql_uses(source, "bot.services.example") == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("bot/bootstrap.py", True),
        ("bot/cli/db_commands.py", True),
        ("bot/operations/sqlite_backup.py", True),
        ("bot/cli/bot_commands.py", False),
        ("bot/operationsx.py", False),
        ("bot/scheduling/rounds.py", False),
    ],
)
def test_only_the_named_modules_are_allowed(path: str, expected: bool) -> None:
    assert allowed(ROOT / path) is expected

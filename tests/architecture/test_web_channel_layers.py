"""The web channel is a front end like the chat adapters: it talks to the services, never
to the database, and knows nothing of Telegram. Modules are parsed, not imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from layering import database_imports, imports, module_name, modules_under, sql_uses, within

MODULES = modules_under("bot/web")
CHAT_FRAMEWORKS = ("aiogram", "telegram", "bot.telegram", "bot.sandbox")


def test_the_web_channel_has_modules_to_check() -> None:
    names = {module_name(path) for path in MODULES}
    assert {"bot.web.server", "bot.web.handlers", "bot.web.signing"} <= names


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_a_web_module_writes_no_sql_and_imports_no_tables(path: Path) -> None:
    source, module = path.read_text(encoding="utf-8"), module_name(path)
    found = sql_uses(source, module) + database_imports(source, module)
    assert not found, "\n".join(str(breach) for breach in found)


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_a_web_module_imports_no_chat_framework(path: Path) -> None:
    found = [
        f"{line}: {imported}"
        for line, imported in imports(path.read_text(encoding="utf-8"), module_name(path))
        if any(within(imported, framework) for framework in CHAT_FRAMEWORKS)
    ]
    assert not found


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_a_web_module_does_not_reach_for_the_composition_root(path: Path) -> None:
    found = [
        imported
        for _, imported in imports(path.read_text(encoding="utf-8"), module_name(path))
        if within(imported, "bot.bootstrap")
    ]
    assert not found, "the web channel is handed its services (bot.web.services)"

"""The conversation and the outgoing vocabulary know no channel: no chat framework, web
server, database or composition root. Modules are parsed, not imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN = (
    "aiogram",
    "telegram",
    "aiohttp",
    "sqlalchemy",
    "sqlmodel",
    "storage",
    "bot.telegram",
    "bot.bootstrap",
    "bot.sandbox",
)


def forbidden_imports(source: str) -> list[str]:
    """The modules `source` imports that a channel-neutral layer may not."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)]
    return found


MODULES = sorted(
    path for package in ("conversation", "messaging") for path in (BOT / package).rglob("*.py")
)


def test_both_layers_have_modules() -> None:
    names = {path.stem for path in MODULES}
    assert {"chat", "resident", "presenting", "actions", "sender", "buttons"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_conversation_or_messaging_module_imports_no_channel(path: Path) -> None:
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import aiogram",
        "from telegram.ext import Application",
        "from aiohttp import web",
        "import sqlalchemy.orm",
        "from sqlmodel import Session",
        "from storage import SqlUnitOfWork",
        "from bot.telegram.runtime import ChatRuntime",
        "from bot.bootstrap import App",
    ],
)
def test_the_check_finds_a_channel_import(source: str) -> None:
    assert forbidden_imports(source) != []


def test_the_check_lets_neutral_imports_pass() -> None:
    source = "from bot.engine import inputs\nfrom bot.services.people import PersonKey\nimport json"
    assert forbidden_imports(source) == []

"""Scheduling, broadcast and mail run without a chat framework: they queue and send through
bot.messaging, and never import bot.telegram (its adapters import them, not the reverse)."""

from __future__ import annotations

from pathlib import Path

import pytest
from layering import module_name, modules_under, telegram_imports

MODULES = modules_under("bot/scheduling", "bot/broadcast", "bot/mail")


def test_scheduling_and_broadcast_have_modules_to_check() -> None:
    names = {module_name(path) for path in MODULES}

    assert {"bot.scheduling.rounds", "bot.broadcast.drainer"} <= names


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_the_module_does_not_import_bot_telegram(path: Path) -> None:
    found = telegram_imports(path.read_text(encoding="utf-8"), module_name(path))

    assert not found, "\n".join(str(breach) for breach in found)


# --- the check itself can fail -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import bot.telegram", "imports bot.telegram"),
        ("from bot.telegram.runtime import Runtime", "imports bot.telegram.runtime"),
        ("from bot import telegram", "imports bot.telegram"),
        ("from ..telegram import webhook", "imports bot.telegram"),
        ("from ..telegram.staff.officer import Officer", "imports bot.telegram.staff.officer"),
    ],
)
def test_the_check_finds_a_telegram_import(source: str, what: str) -> None:
    found = telegram_imports(source, "bot.scheduling.example")

    assert what in [breach.what for breach in found]


@pytest.mark.parametrize(
    "source",
    [
        "from bot.messaging import actions as out",
        "from bot.messaging.sender import Sender",
        "from .notices import round_prefixes",
        "import telegram_like_name",
    ],
)
def test_the_check_lets_messaging_pass(source: str) -> None:
    assert telegram_imports(source, "bot.scheduling.example") == []

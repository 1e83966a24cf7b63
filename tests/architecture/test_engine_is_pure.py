"""The engine is pure: no framework, database, scheduler, NLP, I/O, clock or randomness.

Every module in bot/engine is parsed (not imported) and may import only pure standard
library modules and bot.engine itself. Calls that read the clock or touch files are
refused too, so `now` always comes from the caller.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "bot" / "engine"

PURE_STANDARD_LIBRARY = frozenset(
    {
        "__future__",
        "abc",
        "collections",
        "collections.abc",
        "copy",
        "dataclasses",
        "datetime",
        "decimal",
        "enum",
        "fractions",
        "functools",
        "itertools",
        "json",
        "math",
        "numbers",
        "operator",
        "re",
        "string",
        "textwrap",
        "types",
        "typing",
        "unicodedata",
    }
)
FORBIDDEN = frozenset(
    {
        "aiogram",
        "telegram",
        "sqlmodel",
        "sqlalchemy",
        "alembic",
        "apscheduler",
        "spacy",
        "aiohttp",
        "httpx",
        "requests",
        "os",
        "io",
        "socket",
        "time",
        "pathlib",
        "shutil",
        "subprocess",
        "random",
        "secrets",
        "uuid",
        "logging",
        "zoneinfo",
        "importlib",
        "asyncio",
        "threading",
        "sys",
        "yaml",
        "pydantic",
        "nlp",
        "storage",
        "config",
    }
)
# (object, attribute) calls that read the clock or the world: `datetime.now()`, `time.time()`.
IMPURE_CALLS = frozenset(
    {
        ("datetime", "now"),
        ("datetime", "utcnow"),
        ("datetime", "today"),
        ("date", "today"),
        ("time", "time"),
        ("time", "monotonic"),
        ("time", "sleep"),
        ("os", "environ"),
        ("os", "getenv"),
    }
)
IMPURE_BUILTINS = frozenset({"open", "print", "input", "eval", "exec", "__import__", "breakpoint"})


@dataclass(frozen=True)
class Impurity:
    module: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.what}"


def allowed(module: str) -> bool:
    top = module.split(".")[0]
    if top in FORBIDDEN or module in FORBIDDEN:
        return False
    return (
        module in PURE_STANDARD_LIBRARY
        or module == "bot.engine"
        or module.startswith("bot.engine.")
    )


def impurities(source: str, name: str) -> list[Impurity]:
    """Everything in `source` that would make the engine impure."""
    return [
        Impurity(name, getattr(node, "lineno", 0), what)
        for node in ast.walk(ast.parse(source, filename=name))
        for what in _impure(node)
    ]


def _impure(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [f"imports {alias.name}" for alias in node.names if not allowed(alias.name)]
    if isinstance(node, ast.ImportFrom):
        relative = node.level > 0  # `from . import x` stays inside bot.engine
        module = node.module or ""
        return [] if relative or allowed(module) else [f"imports from {module}"]
    if isinstance(node, ast.Attribute):
        owner = node.value
        owner_name = owner.id if isinstance(owner, ast.Name) else None
        if isinstance(owner, ast.Attribute):
            owner_name = owner.attr  # datetime.datetime.now
        if (owner_name, node.attr) in IMPURE_CALLS:
            return [f"uses {owner_name}.{node.attr}"]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return [f"calls {node.func.id}()"] if node.func.id in IMPURE_BUILTINS else []
    return []


ENGINE_MODULES = sorted(ENGINE.rglob("*.py"))


def test_the_engine_has_modules_to_check() -> None:
    names = {path.stem for path in ENGINE_MODULES}

    assert {"flow", "reading", "session", "events", "inputs"} <= names


@pytest.mark.parametrize("path", ENGINE_MODULES, ids=lambda path: path.name)
def test_an_engine_module_imports_nothing_impure_and_never_reads_the_clock(path: Path) -> None:
    found = impurities(path.read_text(encoding="utf-8"), path.name)

    assert not found, "\n".join(str(impurity) for impurity in found)


# --- the check itself can fail -------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import aiogram", "imports aiogram"),
        ("from telegram.ext import Application", "imports from telegram.ext"),
        ("from sqlmodel import Session", "imports from sqlmodel"),
        ("import sqlalchemy.orm", "imports sqlalchemy.orm"),
        (
            "from apscheduler.schedulers.base import BaseScheduler",
            "imports from apscheduler.schedulers.base",
        ),
        ("import spacy", "imports spacy"),
        ("import os", "imports os"),
        ("import io", "imports io"),
        ("import socket", "imports socket"),
        ("import time", "imports time"),
        ("import requests", "imports requests"),
        ("import httpx", "imports httpx"),
        ("from aiohttp import web", "imports from aiohttp"),
        ("import random", "imports random"),
        ("from storage import SessionRow", "imports from storage"),
        ("from bot.services import answering", "imports from bot.services"),
        ("import numpy", "imports numpy"),
        ("from datetime import datetime\nx = datetime.now()", "uses datetime.now"),
        ("import datetime\nx = datetime.datetime.now()", "uses datetime.now"),
        ("from datetime import date\nx = date.today()", "uses date.today"),
        ("t = time.time()", "uses time.time"),
        ("text = open('f').read()", "calls open()"),
        ("print('hello')", "calls print()"),
    ],
)
def test_the_check_finds_an_impurity(source: str, what: str) -> None:
    found = impurities(source, "example.py")

    assert [impurity.what for impurity in found][:1] == [what]


@pytest.mark.parametrize(
    "source",
    [
        "from __future__ import annotations",
        "from datetime import datetime, timedelta\nlater = datetime(2026, 1, 1) + timedelta(1)",
        "from collections.abc import Mapping",
        "from bot.engine.model import Question",
        "from . import inputs",
        "import re\nre.compile('x')",
    ],
)
def test_the_check_lets_pure_code_pass(source: str) -> None:
    assert impurities(source, "example.py") == []

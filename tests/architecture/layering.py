"""Read Copro's modules (parsed, never imported) for the layering rules: what each imports,
and whether it reaches past the repositories to a database session."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"

DATABASE_LIBRARIES = ("sqlalchemy", "sqlmodel")
SESSION_CALLS = frozenset({"exec", "execute"})


@dataclass(frozen=True)
class Breach:
    module: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.what}"


def module_name(path: Path) -> str:
    """`bot/scheduling/rounds.py` -> `bot.scheduling.rounds`; `bot/scheduling/__init__.py`
    -> `bot.scheduling.__init__`, so that relative imports resolve the same way in both."""
    return ".".join(path.resolve().relative_to(ROOT).with_suffix("").parts)


def modules_under(*folders: str) -> list[Path]:
    """Every Python file in these folders of the repository, sorted."""
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def imports(source: str, module: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in `source` (the code of `module`), relative ones
    made absolute. `from a import b` gives both `a` and `a.b`, since `b` may be a module.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level]
                base = ".".join([*parent, *([base] if base else [])])
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def table_names() -> frozenset[str]:
    """The row classes `storage.tables` exports (read from its `__all__`)."""
    tree = ast.parse((ROOT / "storage" / "tables" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return frozenset(ast.literal_eval(node.value))
    raise AssertionError("storage/tables/__init__.py has no __all__")


def database_imports(source: str, module: str) -> list[Breach]:
    """Imports of the database libraries or of the tables (`storage.tables`, or a row class
    through the `storage` package)."""
    rows = {f"storage.{name}" for name in table_names()}
    found = []
    for line, imported in imports(source, module):
        if any(within(imported, p) for p in (*DATABASE_LIBRARIES, "storage.tables")):
            found.append(Breach(module, line, f"imports {imported}"))
        elif imported in rows:
            found.append(Breach(module, line, f"imports the table {imported}"))
    return _unique(found)


def sql_uses(source: str, module: str) -> list[Breach]:
    """SQL written outside storage: a database library imported, a unit of work's session
    used, or any `.session.exec(...)` / `.session.execute(...)`."""
    found = [
        Breach(module, line, f"imports {imported}")
        for line, imported in imports(source, module)
        if any(within(imported, p) for p in DATABASE_LIBRARIES)
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "session" and _is_uow(node.value):
            found.append(Breach(module, node.lineno, "uses a unit of work's session"))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SESSION_CALLS
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "session"
        ):
            found.append(Breach(module, node.lineno, f"calls .session.{node.func.attr}()"))
    return _unique(found)


def telegram_imports(source: str, module: str) -> list[Breach]:
    return _unique([
        Breach(module, line, f"imports {imported}")
        for line, imported in imports(source, module)
        if within(imported, "bot.telegram")
    ])


def _is_uow(owner: ast.expr) -> bool:
    """`uow`, `self._uow`, `unit_of_work`: a name that says it is a unit of work."""
    name = owner.id if isinstance(owner, ast.Name) else (
        owner.attr if isinstance(owner, ast.Attribute) else "")
    return name.lower().endswith(("uow", "unit_of_work"))


def _unique(found: list[Breach]) -> list[Breach]:
    """One breach per line and kind (`from a import b` yields `a` and `a.b`)."""
    seen: dict[tuple[int, str], Breach] = {}
    for breach in found:
        key = (breach.line, breach.what.split(" ")[0])
        seen.setdefault(key, breach)
    return sorted(seen.values(), key=lambda b: b.line)

"""The one way an exception is written to the logs: where it happened, never its data.

SQLAlchemy puts a statement's bound parameters in its error text ("[parameters: (...)]"),
database drivers add the offending values ("DETAIL: Key (...)=(...)", "invalid input
syntax: ..."), and pydantic quotes the input it refused; any of them can be what a resident
wrote. Those are reduced to their types, the SQL statement (placeholders only) and the
SQLSTATE. Other exceptions keep a shortened message: Copro's own never carry answers.
Recognised by module, not imported: logging setup must stay light.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from typing import Any

MAX_MESSAGE = 300


def exception_line(error: BaseException) -> str:
    """`module.Type: what can safely be said`, on one line."""
    message = _safe_message(error)
    return f"{_name(error)}: {message}" if message else _name(error)


def exception_trace(error: BaseException) -> str:
    """The traceback of `error` and the exceptions that led to it, each with its safe line
    instead of its message (frames name files, lines and code, never values)."""
    parts: list[str] = []
    for number, link in enumerate(_chain(error)):
        if number:
            parts.append("\nwhich led to:\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(link.__traceback__)))
        parts.append(exception_line(link) + "\n")
    return "".join(parts).rstrip()


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The exceptions behind `error`, oldest first (as Python prints them)."""
    links: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in links):
        links.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return reversed(links)


def _safe_message(error: BaseException) -> str:
    package = type(error).__module__.split(".")[0]
    if package == "sqlalchemy" and hasattr(error, "statement"):  # StatementError, DBAPIError
        origin: Any = getattr(error, "orig", None)
        cause = f"({_name(origin)}: {_safe_message(origin)})" if origin is not None else ""
        statement = " ".join(str(getattr(error, "statement", "") or "").split())
        return _shorten(f"{cause} [SQL: {statement}]" if statement else cause)
    if package in ("sqlite3", "psycopg", "psycopg2"):
        if _is_operational(error):  # connection refused, database locked: no stored values
            return _shorten(str(error).splitlines()[0] if str(error) else "") + _sqlstate(error)
        return f"(message withheld: it may quote stored values){_sqlstate(error)}"
    if package.startswith("pydantic") and type(error).__name__ == "ValidationError":
        found: Any = error
        places = ", ".join(".".join(map(str, item["loc"])) or "?" for item in found.errors())
        return _shorten(f"{found.error_count()} invalid value(s) at {places} of {found.title}")
    return _shorten(str(error))


def _is_operational(error: BaseException) -> bool:
    names = {kind.__name__ for kind in type(error).__mro__}
    return bool(names & {"OperationalError", "InterfaceError"}) and not names & {
        "IntegrityError", "DataError", "ProgrammingError"}


def _sqlstate(error: BaseException) -> str:
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    return f" SQLSTATE {state}" if isinstance(state, str) else ""


def _name(error: BaseException) -> str:
    kind = type(error)
    return kind.__qualname__ if kind.__module__ == "builtins" else (
        f"{kind.__module__}.{kind.__qualname__}"
    )


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"

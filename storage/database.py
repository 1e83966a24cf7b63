"""Create the database engine, with the same code for SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    """Return an engine for `url`; a SQLite file (and its folder) is created on first use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, echo)
    return create_engine(parsed, echo=echo, pool_pre_ping=True)


def file_beside(url: str | URL, suffix: str) -> Path | None:
    """`<database file><suffix>` for a SQLite database on disk; None for any other."""
    parsed = make_url(url)
    name = parsed.database or ""
    on_disk = name not in ("", ":memory:") and not name.startswith("file:")
    if parsed.get_backend_name() != "sqlite" or not on_disk:
        return None
    path = Path(name).expanduser()
    return path.with_name(path.name + suffix)


def _sqlite_engine(url: URL, echo: bool) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module (SQLAlchemy's pysqlite recipe),
    # so that `_begin_immediate` decides how every transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


READ_ONLY = "copro_read_only"


def _begin_immediate(connection: Connection) -> None:
    # IMMEDIATE takes the write lock at the start: a read-then-write transaction waits for
    # the other writer instead of failing (or losing its update) when it tries to write.
    # A read-only unit of work starts a plain (deferred) transaction and never waits.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def shown_url(url: str | URL) -> str:
    """The database as people may read it: no password, and a SQLite file's full path."""
    _backend, file = backend_and_file(url)
    if file and not file.startswith("file:"):
        return str(Path(file).expanduser().resolve())
    return make_url(url).render_as_string(hide_password=True)


def backend_and_file(url: str | URL) -> tuple[str, str]:
    """The database's backend ("sqlite", "postgresql") and, for SQLite, its file as given
    ("" in memory)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    database = parsed.database or ""
    return backend, "" if backend != "sqlite" or database == ":memory:" else database

"""Where a database URL points: a SQLite file, or a PostgreSQL server and its tool hints."""

from __future__ import annotations

import shlex
from pathlib import Path

from sqlalchemy import make_url


class NotSqlite(Exception):
    """The database is not a SQLite file; `hint` says which tool to use instead."""

    def __init__(self, hint: str) -> None:
        super().__init__(hint)
        self.hint = hint


def safe_url(url: str) -> str:
    """The URL with any password masked, fit to print."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(url: str, action: str) -> Path:
    """The SQLite file behind `url`, or NotSqlite with the PostgreSQL tool for `action`."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite":
        if database in ("", ":memory:") or database.startswith("file:"):
            raise NotSqlite(f"{safe_url(url)} is not a SQLite file that can be copied.")
        return Path(database).expanduser().resolve()
    raise NotSqlite(postgres_hint(url, action))


def postgres_hint(url: str, action: str) -> str:
    """The pg_dump (backup) or pg_restore/psql (restore) command for `url`, without password."""
    parsed = make_url(url)
    options = []
    if parsed.host:
        options += ["-h", parsed.host]
    if parsed.port:
        options += ["-p", str(parsed.port)]
    if parsed.username:
        options += ["-U", parsed.username]
    database = parsed.database or "postgres"
    target = " ".join(shlex.quote(part) for part in [*options, "-d", database])
    if action == "backup":
        return (
            "This database is PostgreSQL: `copro db backup` copies SQLite files only.\n"
            f"Use pg_dump instead:\n  pg_dump -Fc {target} -f copro.dump\n"
            "(it asks for the password, or reads PGPASSWORD / ~/.pgpass)."
        )
    return (
        "This database is PostgreSQL: `copro db restore` restores SQLite files only.\n"
        "Use pg_restore for a pg_dump -Fc file:\n"
        f"  pg_restore --clean --if-exists {target} copro.dump\n"
        f"or psql for a plain SQL dump:\n  psql {target} -f copro.sql\n"
        "then run `copro db upgrade` and restart the bot."
    )

"""Online SQLite backup and restore through SQLite's backup API, safe while the bot runs."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory

from storage.migrate import alembic_config

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
COUNTED_TABLES = ("consultation", "participant", "answer")


class NotRestorable(Exception):
    """The file cannot be restored; the message says why, for the operator."""


class TargetExists(Exception):
    """The backup file exists already (use --force to overwrite it)."""


@dataclass(frozen=True)
class DatabaseSummary:
    path: Path
    size_bytes: int
    revision: str | None
    counts: dict[str, int]


def backup(source: Path, target: Path, *, force: bool = False) -> DatabaseSummary:
    """Copy `source` to `target` consistently, through a temp file renamed into place."""
    if target.exists() and not force:
        raise TargetExists(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        _copy(source, temp, standalone=True)
        if force:
            os.replace(temp, target)
        else:
            os.link(temp, target)  # fails if someone created the target meanwhile
    except FileExistsError:
        raise TargetExists(str(target)) from None
    finally:
        temp.unlink(missing_ok=True)
    return summarise(target)


def summarise(path: Path) -> DatabaseSummary:
    """Size, schema revision and the main row counts of a SQLite file, read only."""
    with contextlib.closing(_open_read_only(path)) as connection:
        tables = _tables(connection)
        revision = _revision(connection) if "alembic_version" in tables else None
        counts = {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in COUNTED_TABLES
            if name in tables
        }
    return DatabaseSummary(path, path.stat().st_size, revision, counts)


def check_restorable(path: Path) -> DatabaseSummary:
    """The summary of a file that is a sound Copro SQLite database, else NotRestorable."""
    if not path.is_file():
        raise NotRestorable(f"{path} does not exist or is not a file.")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotRestorable(f"{path} is not a SQLite database.")
    try:
        with contextlib.closing(_open_read_only(path)) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = _tables(connection)
            revision = _revision(connection) if "alembic_version" in tables else None
    except sqlite3.DatabaseError as error:
        raise NotRestorable(f"{path} cannot be read as a SQLite database ({error}).") from None
    if verdict != "ok":
        raise NotRestorable(f"{path} failed SQLite's integrity check: {verdict}")
    if revision is None:
        raise NotRestorable(f"{path} is a SQLite database, but not a Copro database.")
    if revision not in known_revisions():
        raise NotRestorable(
            f"{path} is at schema revision {revision}, which this Copro does not know "
            "(it may come from a newer Copro: upgrade Copro first)."
        )
    return summarise(path)


def restore(source: Path, live: Path, now: datetime) -> Path | None:
    """Replace `live` with `source` in place; returns the safety copy of what was there."""
    safety = None
    if live.exists():
        safety = live.with_name(f"{live.name}.before-restore-{now:%Y%m%dT%H%M%SZ}")
        _copy(live, safety, standalone=True)
    live.parent.mkdir(parents=True, exist_ok=True)
    # Copying into the live file through the backup API (not a file rename) means a
    # process holding it open sees either the old pages or the new ones, never half.
    _copy(source, live, standalone=False)
    return safety


def known_revisions() -> set[str]:
    """Every schema revision this Copro ships."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def _copy(source: Path, target: Path, *, standalone: bool) -> None:
    with (
        contextlib.closing(_open_read_only(source)) as src,
        contextlib.closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_S)) as dst,
    ):
        src.backup(dst)
        if standalone:
            # one self-contained file, without -wal and -shm beside it
            dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()


def _open_read_only(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


def _revision(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None

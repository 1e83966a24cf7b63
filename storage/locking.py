"""The scheduler's lock: exactly one scheduler (and outbox drainer) at a time, across processes.

PostgreSQL: a session-level advisory lock held on a connection of its own (not pooled), so
it lasts exactly as long as that connection; if the process dies, PostgreSQL frees it.
SQLite: an exclusive `flock` on a file beside the database. In-memory SQLite: no lock.
`lock_is_held` tells another process (the health check) whether some scheduler holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import zlib
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)
LOCK_NAME = "copro.scheduler"
_HELD = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " AND classid = 0 AND objid = CAST(:key AS oid) AND objsubid = 1)"
)


class SchedulerLock(Protocol):
    def acquire(self) -> bool:
        """Take the lock if it is free; True if this process holds it now."""
        ...

    def alive(self) -> bool:
        """Whether the lock is still held (a dropped connection loses it)."""
        ...

    def release(self) -> None: ...


class PostgresAdvisoryLock:
    """`pg_try_advisory_lock` on a dedicated connection; the key includes the schema, so
    deployments (and test runs) in different schemas of one database do not block each other."""

    def __init__(self, engine: Engine, name: str = LOCK_NAME) -> None:
        self._engine = create_engine(
            engine.url, poolclass=NullPool, connect_args={"application_name": "copro-scheduler"}
        )
        self._name = name
        self._connection: Connection | None = None
        self.key: int | None = None

    def acquire(self) -> bool:
        if self._connection is not None:
            return self.alive()
        connection = self._engine.connect()
        try:
            key = _advisory_key(connection, self._name)
            held = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
            got = bool(held.scalar_one())
            connection.commit()  # end the transaction; a session-level lock outlives it
        except Exception:
            connection.close()
            raise
        if not got:
            connection.close()
            return False
        self._connection, self.key = connection, key
        return True

    def alive(self) -> bool:
        if self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()
        except DBAPIError:
            log.error("scheduler.lock_connection_lost")
            self._drop()
            return False
        return True

    def release(self) -> None:
        if self._connection is None:
            return
        with contextlib.suppress(DBAPIError):
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            self._connection.commit()
        self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = None
        self._engine.dispose()


class FileLock:
    """An exclusive, non-blocking `flock` on a file; the kernel frees it if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def alive(self) -> bool:
        return self._fd is not None

    def held_elsewhere(self) -> bool:
        """Whether a process holds the lock: a shared, non-blocking try, released at once."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class NoLock:
    """For an in-memory database, which only one process can see anyway."""

    def __init__(self) -> None:
        self._held = False

    def acquire(self) -> bool:
        self._held = True
        return True

    def alive(self) -> bool:
        return self._held

    def release(self) -> None:
        self._held = False


def scheduler_lock(engine: Engine) -> SchedulerLock:
    """The right lock for the database behind `engine`."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        return PostgresAdvisoryLock(engine)
    database = url.database or ""
    on_disk = database not in ("", ":memory:") and not database.startswith("file:")
    if url.get_backend_name() == "sqlite" and on_disk:
        path = Path(database).expanduser()
        return FileLock(path.with_name(path.name + ".scheduler-lock"))
    return NoLock()


def lock_is_held(engine: Engine, name: str = LOCK_NAME) -> bool | None:
    """Whether some process holds the lock; None for an in-memory database (no lock).

    PostgreSQL: the advisory lock is seen in pg_locks. SQLite: the lock file is tried.
    """
    if engine.url.get_backend_name() == "postgresql":
        with engine.connect() as connection:
            key = _advisory_key(connection, name)
            return bool(connection.execute(_HELD, {"key": key}).scalar_one())
    lock = scheduler_lock(engine)
    return lock.held_elsewhere() if isinstance(lock, FileLock) else None


def _advisory_key(connection: Connection, name: str) -> int:
    """The advisory lock's key: `name` within the connection's schema."""
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    return zlib.crc32(f"{name}:{schema}".encode())

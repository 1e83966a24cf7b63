"""/healthz: is the database reachable (the one thing a restart could fix), and how things are.

The scheduler is "alive" when some process holds the scheduler lock: the PostgreSQL
advisory lock (seen in pg_locks) or the lock file beside a SQLite database (a shared,
non-blocking `flock` try, released at once). It is reported, never a reason for a 503.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import zlib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.pool import NullPool

from bot.observability.metrics import QueueDepths
from bot.scheduling.locking import LOCK_NAME, FileLock, scheduler_lock
from storage import SqlUnitOfWork
from storage.tables import OutboxRow

log = logging.getLogger(__name__)
PROBE_SECONDS = 3.0
UNSENT = ("pending", "sending")
_HELD = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " AND classid = 0 AND objid = CAST(:key AS oid) AND objsubid = 1)"
)


class HealthProbe:
    """Cheap, bounded looks at the database; one per process."""

    def __init__(self, app: Any, timeout: float = PROBE_SECONDS) -> None:
        self.app = app
        self.timeout = timeout
        self._engine: Engine | None = None
        self._lock_file: Path | bool | None = False  # False: not looked up yet

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            engine: Engine = self.app.database
            if engine.url.get_backend_name() == "postgresql":
                # A connection of its own that gives up quickly when the server is away.
                engine = create_engine(engine.url, poolclass=NullPool,
                                       connect_args={"connect_timeout": max(1, int(self.timeout))})
            self._engine = engine
        return self._engine

    def reachable(self) -> bool:
        """`SELECT 1` answered."""
        try:
            with SqlUnitOfWork(self.engine, read_only=True) as uow:
                uow.session.execute(text("SELECT 1"))
            return True
        except Exception as error:
            log.warning("health.database_unreachable", extra={"error": type(error).__name__})
            return False

    def depths(self) -> QueueDepths:
        """Unsent outbox rows and answers waiting for tags (raises if the database is away)."""
        with SqlUnitOfWork(self.engine, read_only=True) as uow:
            unsent = OutboxRow.status.in_(UNSENT)  # type: ignore[attr-defined]
            outbox = uow.session.execute(select(func.count()).select_from(OutboxRow)
                                         .where(unsent)).scalar_one()
            return QueueDepths(outbox=int(outbox), tagging=uow.answers.backlog())

    def scheduler_alive(self) -> bool | None:
        """Whether a scheduler holds the lock; None for an in-memory database (no lock)."""
        if self.engine.url.get_backend_name() == "postgresql":
            with self.engine.connect() as connection:
                schema = connection.execute(text("SELECT current_schema()")).scalar_one()
                key = zlib.crc32(f"{LOCK_NAME}:{schema}".encode())  # as PostgresAdvisoryLock
                return bool(connection.execute(_HELD, {"key": key}).scalar_one())
        path = self._lock_path()
        if path is None:
            return None
        try:
            fd = os.open(path, os.O_RDONLY)
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

    async def report(self) -> tuple[int, dict[str, Any]]:
        """(HTTP status, body): 200 when the database answers, 503 when it does not."""
        reachable = await self._bounded(self.reachable, False)
        body: dict[str, Any] = {"status": "ok" if reachable else "unavailable",
                                "database": reachable}
        depths = await self._bounded(self.depths, None) if reachable else None
        body["scheduler_alive"] = await self._bounded(self.scheduler_alive, None)
        body["outbox_depth"] = depths.outbox if depths else None
        body["tagging_backlog"] = depths.tagging if depths else None
        return (200 if reachable else 503), body

    async def _bounded(self, look: Any, otherwise: Any) -> Any:
        try:
            return await asyncio.wait_for(asyncio.to_thread(look), self.timeout)
        except Exception as error:
            log.warning("health.look_failed", extra={"look": look.__name__,
                                                     "error": type(error).__name__})
            return otherwise

    def _lock_path(self) -> Path | None:
        if self._lock_file is False:
            lock = scheduler_lock(self.engine)
            self._lock_file = lock.path if isinstance(lock, FileLock) else None
        return self._lock_file  # type: ignore[return-value]

"""Cheap looks at the database for /healthz: does it answer, what waits, is a scheduler on."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from storage.locking import lock_is_held
from storage.unit_of_work import SqlUnitOfWork

UNSENT = ("pending", "sending")


class DatabaseHealth:
    """Each look opens a short read-only transaction; PostgreSQL gets a connection of its
    own that gives up after `timeout` seconds when the server is away."""

    def __init__(self, engine: Engine, timeout: float) -> None:
        self._source = engine
        self.timeout = timeout
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            engine = self._source
            if engine.url.get_backend_name() == "postgresql":
                engine = create_engine(engine.url, poolclass=NullPool,
                                       connect_args={"connect_timeout": max(1, int(self.timeout))})
            self._engine = engine
        return self._engine

    def ping(self) -> None:
        """`SELECT 1`; raises if the database does not answer."""
        with SqlUnitOfWork(self.engine, read_only=True) as uow:
            uow.session.execute(text("SELECT 1"))

    def depths(self) -> tuple[int, int]:
        """(unsent outbox rows, answers waiting for tags); raises if the database is away."""
        with SqlUnitOfWork(self.engine, read_only=True) as uow:
            return uow.outbox.count_with_status(UNSENT), uow.answers.backlog()

    def scheduler_alive(self) -> bool | None:
        """Whether a scheduler holds its lock; None for an in-memory database (no lock)."""
        return lock_is_held(self.engine)

"""/healthz: is the database reachable (the one thing a restart could fix), and how things are.

The scheduler is "alive" when some process holds the scheduler lock (see
`storage.locking.lock_is_held`). It is reported, never a reason for a 503.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.observability.metrics import QueueDepths
from storage.health import DatabaseHealth

log = logging.getLogger(__name__)
PROBE_SECONDS = 3.0


class HealthProbe:
    """Cheap, bounded looks at the database; one per process."""

    def __init__(self, app: Any, timeout: float = PROBE_SECONDS) -> None:
        self.app = app
        self.timeout = timeout
        self._database: DatabaseHealth | None = None

    @property
    def database(self) -> DatabaseHealth:
        if self._database is None:
            self._database = DatabaseHealth(self.app.database, self.timeout)
        return self._database

    def reachable(self) -> bool:
        """`SELECT 1` answered."""
        try:
            self.database.ping()
            return True
        except Exception as error:
            log.warning("health.database_unreachable", extra={"error": type(error).__name__})
            return False

    def depths(self) -> QueueDepths:
        """Unsent outbox rows and answers waiting for tags (raises if the database is away)."""
        outbox, tagging = self.database.depths()
        return QueueDepths(outbox=outbox, tagging=tagging)

    def scheduler_alive(self) -> bool | None:
        """Whether a scheduler holds the lock; None for an in-memory database (no lock)."""
        return self.database.scheduler_alive()

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

"""The drainer's side of the outbox: claim rows, settle them in batches, take them back."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.broadcast.recovery import settle_interrupted
from bot.services.ports import UnitOfWorkFactory, id_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claimed:
    """A claimed row, as plain data the event loop can hold."""

    id: int
    chat_id: int
    kind: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Settlement:
    """How a claimed row ended: sent; failed (with why); or back to wait until `at`."""

    row_id: int
    outcome: Literal["sent", "failed", "retry"]
    at: datetime
    reason: str | None = None


class OutboxStore:
    """Short transactions on the outbox, each run in a worker thread by the drainer."""

    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def claim(self, limit: int, now: datetime, email: bool = False) -> list[Claimed]:
        """Claim due rows as "sending", stamping the claim time in `not_before`: chat
        messages, or with `email` e-mail notices."""
        if limit <= 0:
            return []
        with self._uow() as uow:
            rows = uow.outbox.claim_due(limit, now, email=email)
            claimed = [
                Claimed(id_of(r), int(r.chat_id), r.kind, dict(r.payload), int(r.attempts))
                for r in rows
            ]
            uow.outbox.stamp_claimed([c.id for c in claimed], now)
            uow.commit()
        return claimed

    def settle(self, settlements: list[Settlement]) -> None:
        """Record how many sends ended, in one transaction."""
        if not settlements:
            return
        with self._uow() as uow:
            for s in settlements:
                if s.outcome == "sent":
                    uow.outbox.mark_sent(s.row_id, s.at)
                elif s.outcome == "failed":
                    uow.outbox.mark_failed(s.row_id, s.reason or "failed")
                else:
                    uow.outbox.release(s.row_id, s.at, s.reason)
            uow.commit()

    def release(self, ids: list[int]) -> None:
        """Put rows claimed but never tried back in the queue, due at once."""
        if not ids:
            return
        with self._uow() as uow:
            for row_id in ids:
                uow.outbox.release(row_id, None)
            uow.commit()

    def settle_interrupted(self, now: datetime, stuck_after: timedelta) -> int:
        with self._uow() as uow:
            count = settle_interrupted(uow, now, stuck_after)
            uow.commit()
        if count:
            log.warning("outbox.interrupted_settled", extra={"count": count})
        return count

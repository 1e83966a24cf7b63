"""Rows left "sending" by a drainer that died: possibly sent, so never sent again.

A row is "sending" from its claim until it is settled. Only the sends that were in flight
when a drainer died (and, after a hard kill, the rows it had claimed but not started) can
be left so. Nothing tells us whether Telegram got them, and the rule is "no message twice",
so they are settled as failed with INTERRUPTED, counted apart in /progress, and left for an
officer to resend on purpose (`requeue_interrupted`). A live drainer settles every row
within seconds, so a row "sending" for longer than `stuck_after` (claimed at `not_before`)
belongs to a dead one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services.ports import UnitOfWork

INTERRUPTED = "interrupted: may have been sent, not sent again"


def settle_interrupted(uow: UnitOfWork, now: datetime, stuck_after: timedelta) -> int:
    """Settle rows "sending" since before `now - stuck_after` as failed; how many."""
    return uow.outbox.settle_stuck(now - stuck_after, INTERRUPTED)


def requeue_interrupted(uow: UnitOfWork, ids: list[int] | None = None) -> int:
    """An officer's explicit choice: queue interrupted rows again (some may arrive twice)."""
    return uow.outbox.requeue_failed(INTERRUPTED, ids)

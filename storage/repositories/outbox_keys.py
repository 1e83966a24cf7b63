"""Outbox rows by dedupe-key prefix: a round's notices, reminders or feedback, as one batch.

Keys are `open:{round}:{user}`, `remind:{round}:{user}:{n}`, `feedback:{consultation}:{n}:
{user}`; a prefix selects one round's or one consultation's messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, or_, select, update

from storage.dialects import insert
from storage.tables import OutboxRow

CHUNK = 500


@dataclass(frozen=True)
class Queued:
    """A message for `enqueue_many`; its dedupe key makes a repeat queue nothing."""

    chat_id: int
    kind: str
    payload: dict[str, Any]
    dedupe_key: str
    not_before: datetime | None = None


@dataclass(frozen=True)
class StatusCount:
    """How many messages are in one status with one last error."""

    status: str
    last_error: str | None
    count: int


class OutboxByKey:
    """Queue, count and cancel messages by dedupe key (mixed into the outbox repository)."""

    _session: Session

    def enqueue_many(self, messages: Sequence[Queued], now: datetime) -> int:
        """Queue the messages whose dedupe key is new, one statement per chunk; how many were."""
        queued = 0
        for start in range(0, len(messages), CHUNK):
            values = [
                {
                    "chat_id": m.chat_id,
                    "kind": m.kind,
                    "payload": m.payload,
                    "dedupe_key": m.dedupe_key,
                    "status": "pending",
                    "attempts": 0,
                    "not_before": m.not_before,
                    "created_at": now,
                }
                for m in messages[start : start + CHUNK]
            ]
            statement = (
                insert(self._session, OutboxRow).values(values).on_conflict_do_nothing()
                .returning(OutboxRow.id)
            )
            queued += len(self._session.exec(statement).all())
        return queued

    def dedupe_keys(self, prefix: str) -> set[str]:
        """Dedupe keys already queued that start with `prefix`."""
        matching = col(OutboxRow.dedupe_key).startswith(prefix, autoescape=True)
        statement = select(OutboxRow.dedupe_key).where(matching)
        return {key for key in self._session.exec(statement) if key is not None}

    def status_counts(self, prefixes: Sequence[str]) -> list[StatusCount]:
        """Messages under any of these prefixes, counted per status and last error."""
        statement = (
            select(OutboxRow.status, OutboxRow.last_error, func.count())
            .where(_under(prefixes))
            .group_by(col(OutboxRow.status), col(OutboxRow.last_error))
        )
        return [
            StatusCount(status, error, int(count))
            for status, error, count in self._session.exec(statement)
        ]

    def cancel_pending(self, prefixes: Sequence[str], reason: str) -> int:
        """Settle pending messages under these prefixes as failed with `reason`; how many."""
        result = self._session.exec(
            update(OutboxRow)
            .where(col(OutboxRow.status) == "pending", _under(prefixes))
            .values(status="failed", last_error=reason)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)


def _under(prefixes: Sequence[str]) -> Any:
    return or_(*[col(OutboxRow.dedupe_key).startswith(p, autoescape=True) for p in prefixes])

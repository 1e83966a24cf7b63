"""Queue many outbox messages in one statement per chunk: a round's notices to thousands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.dialects import insert
from storage.tables import OutboxRow

CHUNK = 500


@dataclass(frozen=True)
class Queued:
    chat_id: int
    kind: str
    payload: dict[str, Any]
    dedupe_key: str
    not_before: datetime | None = None


def enqueue_many(session: Any, messages: list[Queued], now: datetime) -> int:
    """Queue the messages whose dedupe key is new (like `outbox.enqueue`); how many were."""
    queued = 0
    for start in range(0, len(messages), CHUNK):
        chunk = messages[start : start + CHUNK]
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
            for m in chunk
        ]
        statement = (
            insert(session, OutboxRow).values(values).on_conflict_do_nothing()
            .returning(OutboxRow.id)
        )
        queued += len(session.exec(statement).all())
    return queued

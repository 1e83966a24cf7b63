"""The outbox: messages queued in the same transaction as the change that caused them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select, update

from storage.dialects import insert, is_postgresql
from storage.repositories.mail_addresses import EMAIL_KIND
from storage.repositories.outbox_keys import OutboxByKey
from storage.tables import OutboxRow, utc_now


class OutboxRepository(OutboxByKey):
    """Queue, claim and settle outgoing messages (and, from `OutboxByKey`, batches of them)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def enqueue(
        self,
        chat_id: int,
        kind: str,
        payload: dict[str, Any],
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
        *,
        now: datetime | None = None,
    ) -> int | None:
        """Queue a message and return its id; None if `dedupe_key` was already queued."""
        statement = (
            insert(self._session, OutboxRow)
            .values(
                chat_id=chat_id,
                kind=kind,
                payload=payload,
                dedupe_key=dedupe_key,
                status="pending",
                attempts=0,
                not_before=not_before,
                created_at=now or utc_now(),
            )
            .on_conflict_do_nothing()
            .returning(OutboxRow.id)
        )
        message_id: int | None = self._session.exec(statement).scalar_one_or_none()
        return message_id

    def get(self, message_id: int) -> OutboxRow | None:
        """One queued message."""
        return self._session.get(OutboxRow, message_id)

    def claim_due(
        self, limit: int, now: datetime | None = None, *, email: bool = False
    ) -> list[OutboxRow]:
        """Claim up to `limit` pending messages that are due, oldest first, as "sending":
        chat messages, or with `email` the e-mail notices (each has a drainer of its own).

        PostgreSQL skips rows other senders hold (FOR UPDATE SKIP LOCKED).
        """
        now = now or utc_now()
        kind = col(OutboxRow.kind) == EMAIL_KIND if email else col(OutboxRow.kind) != EMAIL_KIND
        due = (
            select(OutboxRow.id)
            .where(OutboxRow.status == "pending", kind)
            .where(col(OutboxRow.not_before).is_(None) | (col(OutboxRow.not_before) <= now))
            .order_by(col(OutboxRow.id))
            .limit(limit)
        )
        if is_postgresql(self._session):
            due = due.with_for_update(skip_locked=True)
        ids = [message_id for message_id in self._session.exec(due) if message_id is not None]
        if not ids:
            return []
        self._session.exec(
            update(OutboxRow)
            .where(col(OutboxRow.id).in_(ids))
            .values(status="sending", attempts=OutboxRow.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        claimed = (
            select(OutboxRow)
            .where(col(OutboxRow.id).in_(ids))
            .order_by(col(OutboxRow.id))
            .execution_options(populate_existing=True)
        )
        return list(self._session.exec(claimed))

    def mark_sent(self, message_id: int, at: datetime | None = None) -> None:
        """The message reached Telegram."""
        self._set(message_id, status="sent", sent_at=at or utc_now(), last_error=None)

    def mark_failed(self, message_id: int, error: str) -> None:
        """The message will never be sent (e.g. 403: the user blocked the bot)."""
        self._set(message_id, status="failed", last_error=error)

    def release(
        self, message_id: int, not_before: datetime | None, error: str | None = None
    ) -> None:
        """Put a claimed message back in the queue, to be sent after `not_before`."""
        self._set(message_id, status="pending", not_before=not_before, last_error=error)

    def stamp_claimed(self, message_ids: Sequence[int], at: datetime) -> None:
        """Note when claimed messages were claimed, in `not_before` (a "sending" row's
        `not_before` is its claim time: `settle_stuck` reads it)."""
        if not message_ids:
            return
        self._session.exec(
            update(OutboxRow)
            .where(col(OutboxRow.id).in_(list(message_ids)))
            .values(not_before=at)
            .execution_options(synchronize_session=False)
        )

    def settle_stuck(self, claimed_before: datetime, reason: str) -> int:
        """Settle as failed, with `reason`, messages "sending" since `claimed_before` or
        earlier (their drainer died); how many."""
        claimed_at = func.coalesce(col(OutboxRow.not_before), col(OutboxRow.created_at))
        result = self._session.exec(
            update(OutboxRow)
            .where(col(OutboxRow.status) == "sending", claimed_at <= claimed_before)
            .values(status="failed", last_error=reason)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)

    def requeue_failed(self, reason: str, message_ids: Sequence[int] | None = None) -> int:
        """Queue again, due at once, messages that failed with `reason` (these ids, or all)."""
        statement = update(OutboxRow).where(
            col(OutboxRow.status) == "failed", col(OutboxRow.last_error) == reason
        )
        if message_ids is not None:
            statement = statement.where(col(OutboxRow.id).in_(list(message_ids)))
        result = self._session.exec(
            statement.values(status="pending", not_before=None, last_error=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)

    def counts(self, kind: str | None = None) -> dict[str, int]:
        """How many messages are in each status (of one kind, or all)."""
        statement = select(OutboxRow.status, func.count()).group_by(col(OutboxRow.status))
        if kind is not None:
            statement = statement.where(OutboxRow.kind == kind)
        return {status: int(count) for status, count in self._session.exec(statement)}

    def count_with_status(self, statuses: Collection[str]) -> int:
        """How many messages are in any of these statuses."""
        statement = (
            select(func.count())
            .select_from(OutboxRow)
            .where(col(OutboxRow.status).in_(list(statuses)))
        )
        return int(self._session.exec(statement).one())

    def _set(self, message_id: int, **values: Any) -> None:
        result = self._session.exec(
            update(OutboxRow)
            .where(col(OutboxRow.id) == message_id)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        if result.rowcount != 1:
            raise LookupError(f"no outbox message {message_id}")

"""What the bot is waiting for a person to type next (a code, a text), one per person."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, select

from storage.dialects import insert
from storage.tables import ChatPromptRow


class PromptRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, user_id: int, now: datetime) -> tuple[str, dict[str, Any]] | None:
        """(kind, payload) of the person's open prompt, unless it has expired."""
        row = self._session.exec(
            select(ChatPromptRow).where(ChatPromptRow.user_id == user_id)
        ).first()
        if row is None or row.expires_at <= now:
            return None
        return row.kind, dict(row.payload)

    def put(
        self, user_id: int, kind: str, payload: dict[str, Any], now: datetime, ttl: timedelta
    ) -> None:
        values = {"kind": kind, "payload": payload, "created_at": now, "expires_at": now + ttl}
        statement = (
            insert(self._session, ChatPromptRow)
            .values(user_id=user_id, **values)
            .on_conflict_do_update(index_elements=["user_id"], set_=values)
        )
        self._session.exec(statement)

    def clear(self, user_id: int) -> None:
        self._session.exec(delete(ChatPromptRow).where(col(ChatPromptRow.user_id) == user_id))

    def take(self, user_id: int, now: datetime, kind: str, token: str) -> dict[str, Any] | None:
        """Delete the person's open prompt and return its payload, if it is of `kind` with
        this `token`: of two takes racing on one prompt, only one gets the payload."""
        found = self.get(user_id, now)
        if found is None or found[0] != kind or found[1].get("token") != token:
            return None
        statement = delete(ChatPromptRow).where(
            col(ChatPromptRow.user_id) == user_id, col(ChatPromptRow.kind) == kind
        )
        taken = self._session.exec(statement)
        return dict(found[1]) if taken.rowcount == 1 else None

    def clear_kinds(self, user_id: int, kinds: frozenset[str]) -> None:
        """End the person's prompt if it is of one of these kinds (others are left alone)."""
        statement = delete(ChatPromptRow).where(
            col(ChatPromptRow.user_id) == user_id, col(ChatPromptRow.kind).in_(sorted(kinds))
        )
        self._session.exec(statement)

"""Store the engine's session per participant and consultation, locked while in use."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from functools import cache
from typing import Any

from sqlmodel import Session, col, delete, select

from storage.dialects import dialect_insert
from storage.tables import SessionRow, utc_now

# Statuses after which a session is not resumed: the engine's ended `Stage` values.
FINISHED_STATUSES = frozenset({"finished", "declined"})


_sessions = SessionRow.__table__  # type: ignore[attr-defined]


@cache
def _upsert(dialect: str) -> Any:
    statement = dialect_insert(dialect, _sessions)
    changed = ("round_id", "state", "status", "updated_at")
    return statement.on_conflict_do_update(
        index_elements=["participant_id", "consultation_id"],
        set_={name: statement.excluded[name] for name in changed},
    )


class SessionRepository:
    """Engine sessions; `state` is opaque JSON text to storage."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_for_update(self, participant_id: int, consultation_id: int) -> SessionRow | None:
        """The session, locked until the transaction ends (SELECT ... FOR UPDATE).

        On SQLite the transaction already holds the write lock (BEGIN IMMEDIATE).
        """
        statement = (
            select(SessionRow)
            .where(
                SessionRow.participant_id == participant_id,
                SessionRow.consultation_id == consultation_id,
            )
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self._session.exec(statement).first()

    def latest_active(
        self, participant_id: int, *, finished: Collection[str] = FINISHED_STATUSES
    ) -> SessionRow | None:
        """The participant's most recently updated session that has not finished."""
        statement = (
            select(SessionRow)
            .where(
                SessionRow.participant_id == participant_id,
                col(SessionRow.status).not_in(list(finished)),
            )
            .order_by(col(SessionRow.updated_at).desc(), col(SessionRow.id).desc())
        )
        return self._session.exec(statement).first()

    def for_participant(self, participant_id: int) -> list[SessionRow]:
        """Every session of the participant."""
        statement = select(SessionRow).where(SessionRow.participant_id == participant_id)
        return list(self._session.exec(statement.order_by(col(SessionRow.id))))

    def save(
        self,
        participant_id: int,
        consultation_id: int,
        *,
        state: str,
        status: str,
        round_id: int | None = None,
        updated_at: datetime | None = None,
    ) -> None:
        """Insert or replace the session of a participant in a consultation (one statement)."""
        params = {
            "participant_id": participant_id,
            "consultation_id": consultation_id,
            "round_id": round_id,
            "state": state,
            "status": status,
            "updated_at": updated_at or utc_now(),
        }
        connection = self._session.connection()
        connection.execute(_upsert(connection.dialect.name), params)

    def delete_for(self, participant_id: int, consultation_id: int | None = None) -> int:
        """Delete the participant's sessions (in one consultation, or all); how many went."""
        statement = delete(SessionRow).where(col(SessionRow.participant_id) == participant_id)
        if consultation_id is not None:
            statement = statement.where(col(SessionRow.consultation_id) == consultation_id)
        return int(self._session.exec(statement).rowcount)

"""Remember which Telegram updates were processed, so a repeat stores nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, insert, select

from storage.errors import DuplicateUpdate
from storage.tables import ProcessedUpdateRow, utc_now

_MARK = insert(ProcessedUpdateRow.__table__)  # type: ignore[attr-defined]


class UpdateRepository:
    """Processed update ids."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.duplicate: int | None = None  # set by `mark`; the unit of work refuses to commit

    def seen(self, update_id: int) -> bool:
        """Whether this update was processed by a committed transaction."""
        statement = select(ProcessedUpdateRow.update_id).where(
            ProcessedUpdateRow.update_id == update_id
        )
        return self._session.exec(statement).first() is not None

    def mark(self, update_id: int, *, at: datetime | None = None) -> None:
        """Record the update as processed (the time rounded down to the minute), or raise
        `DuplicateUpdate` if it already was.

        Call it first in the unit of work: the insert runs at once, so a second worker
        handling the same update waits here (PostgreSQL) until the first commits, then
        fails. After `DuplicateUpdate` the unit of work is spent: leave it without commit.
        """
        # to the minute: the time must not pin down when a person answered
        processed_at = (at or utc_now()).replace(second=0, microsecond=0)
        params = {"update_id": update_id, "processed_at": processed_at}
        try:
            self._session.connection().execute(_MARK, params)
        except IntegrityError as error:
            self.duplicate = update_id
            raise DuplicateUpdate(update_id) from error

    def prune(self, before: datetime) -> int:
        """Forget updates processed before `before` (Telegram never resends them); how many."""
        statement = delete(ProcessedUpdateRow).where(col(ProcessedUpdateRow.processed_at) < before)
        return int(self._session.exec(statement).rowcount)

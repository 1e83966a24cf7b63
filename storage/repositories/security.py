"""Store admins' 2FA state, recovery codes, and remove personal data for retention and purges.

Every change is a single UPDATE or DELETE, so the checks that matter are atomic: a time step
is accepted by a conditional UPDATE, a recovery code is used by a DELETE.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, func, or_, select, update

from storage.dialects import insert
from storage.tables import (
    AnswerRow,
    AuditLogRow,
    EnrolmentRow,
    SessionRow,
    TagRow,
)
from storage.tables.security import AdminCredentialRow, AdminFailureRow, RecoveryCodeRow


class CredentialRepository:
    """One row per admin: sealed secrets, the last accepted step, failures, session times."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, user_id: int, *, lock: bool = False) -> AdminCredentialRow | None:
        """The admin's row; `lock` holds it until the transaction ends (FOR UPDATE)."""
        statement = select(AdminCredentialRow).where(AdminCredentialRow.telegram_user_id == user_id)
        if lock:
            statement = statement.with_for_update()
        return self._session.exec(statement.execution_options(populate_existing=True)).first()

    def create(self, user_id: int) -> AdminCredentialRow:
        """The admin's row, created empty if missing (safe against a racing insert)."""
        statement = (
            insert(self._session, AdminCredentialRow)
            .values(telegram_user_id=user_id, failures=0)
            .on_conflict_do_nothing()
        )
        self._session.exec(statement)
        row = self.get(user_id, lock=True)
        assert row is not None
        return row

    def all(self) -> Sequence[AdminCredentialRow]:
        """Every admin's row, locked (for key rotation)."""
        statement = (
            select(AdminCredentialRow)
            .order_by(col(AdminCredentialRow.telegram_user_id))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self._session.exec(statement).all()

    def advance_step(self, user_id: int, step: int) -> bool:
        """Accept time step `step` iff it is later than the last one: True iff one row changed."""
        statement = (
            update(AdminCredentialRow)
            .where(col(AdminCredentialRow.telegram_user_id) == user_id)
            .where(
                or_(
                    col(AdminCredentialRow.last_step).is_(None),
                    col(AdminCredentialRow.last_step) < step,
                )
            )
            .values(last_step=step)
        )
        return self._changed(statement) == 1

    def start_pending(self, user_id: int, sealed_secret: str, at: datetime) -> None:
        """Keep a new, unconfirmed secret (the active one, if any, still works meanwhile)."""
        self._set(user_id, pending_secret=sealed_secret, pending_since=at)

    def clear_pending(self, user_id: int) -> None:
        self._set(user_id, pending_secret=None, pending_since=None)

    def activate_pending(self, user_id: int, step: int, at: datetime) -> None:
        """The pending secret becomes the device; its steps start after `step`."""
        row = self.get(user_id)
        assert row is not None and row.pending_secret is not None
        self._set(
            user_id,
            secret=row.pending_secret,
            pending_secret=None,
            pending_since=None,
            confirmed_at=at,
            last_step=step,
        )

    def reseal(self, user_id: int, secret: str | None, pending_secret: str | None) -> None:
        """Store secrets sealed under a new key."""
        self._set(user_id, secret=secret, pending_secret=pending_secret)

    def record_success(self, user_id: int, at: datetime) -> None:
        """A good code: failures forgotten, the session verified and seen now."""
        self._set(user_id, failures=0, last_failure_at=None, verified_at=at, seen_at=at)

    def record_failure(self, user_id: int, at: datetime) -> int:
        """Count a failure (consecutive and hourly); returns the consecutive count."""
        statement = (
            update(AdminCredentialRow)
            .where(col(AdminCredentialRow.telegram_user_id) == user_id)
            .values(failures=AdminCredentialRow.failures + 1, last_failure_at=at)
        )
        self._changed(statement)
        self._session.add(AdminFailureRow(telegram_user_id=user_id, at=at))
        self._session.flush()
        row = self.get(user_id)
        assert row is not None
        return row.failures

    def failures_since(self, user_id: int, since: datetime) -> int:
        """Failures recorded after `since`."""
        statement = (
            select(func.count())
            .select_from(AdminFailureRow)
            .where(AdminFailureRow.telegram_user_id == user_id, col(AdminFailureRow.at) > since)
        )
        return int(self._session.exec(statement).one())

    def forget_failures_before(self, user_id: int, before: datetime) -> None:
        """Drop failure records too old to count."""
        statement = delete(AdminFailureRow).where(
            col(AdminFailureRow.telegram_user_id) == user_id, col(AdminFailureRow.at) <= before
        )
        self._changed(statement)

    def lock(self, user_id: int, at: datetime) -> None:
        """Lock the admin out and end their session until someone unlocks them."""
        self._set(user_id, locked_at=at, verified_at=None, seen_at=None)

    def unlock(self, user_id: int) -> bool:
        """Lift a lock and forget consecutive failures; False if there is no such admin."""
        return self._set(user_id, locked_at=None, failures=0, last_failure_at=None) == 1

    def touch(self, user_id: int, at: datetime) -> None:
        """The admin did something: the idle timer starts again."""
        self._set(user_id, seen_at=at)

    def end_session(self, user_id: int) -> None:
        self._set(user_id, verified_at=None, seen_at=None)

    def delete(self, user_id: int) -> bool:
        """Forget the admin's device, failures and recovery codes."""
        self._changed(
            delete(AdminFailureRow).where(col(AdminFailureRow.telegram_user_id) == user_id)
        )
        self._changed(
            delete(RecoveryCodeRow).where(col(RecoveryCodeRow.telegram_user_id) == user_id)
        )
        statement = delete(AdminCredentialRow).where(
            col(AdminCredentialRow.telegram_user_id) == user_id
        )
        return self._changed(statement) == 1

    def _set(self, user_id: int, **values: Any) -> int:
        statement = (
            update(AdminCredentialRow)
            .where(col(AdminCredentialRow.telegram_user_id) == user_id)
            .values(**values)
        )
        return self._changed(statement)

    def _changed(self, statement: Any) -> int:
        result = self._session.exec(statement.execution_options(synchronize_session=False))
        return int(result.rowcount)


class RecoveryCodeRepository:
    """Hashes of unused recovery codes, replaced as a set, deleted one by one on use."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def replace(self, user_id: int, hashes: Iterable[str], at: datetime) -> None:
        """Drop the admin's old codes and keep these."""
        self._session.exec(
            delete(RecoveryCodeRow).where(col(RecoveryCodeRow.telegram_user_id) == user_id)
        )
        for code_hash in hashes:
            self._session.add(
                RecoveryCodeRow(telegram_user_id=user_id, code_hash=code_hash, created_at=at)
            )
        self._session.flush()

    def use(self, user_id: int, code_hash: str) -> bool:
        """Delete the code if unused: True iff it existed (so each is good exactly once)."""
        statement = delete(RecoveryCodeRow).where(
            col(RecoveryCodeRow.telegram_user_id) == user_id,
            col(RecoveryCodeRow.code_hash) == code_hash,
        )
        return int(self._session.exec(statement).rowcount) == 1

    def remaining(self, user_id: int) -> int:
        statement = (
            select(func.count())
            .select_from(RecoveryCodeRow)
            .where(RecoveryCodeRow.telegram_user_id == user_id)
        )
        return int(self._session.exec(statement).one())


class PersonalDataRepository:
    """Bulk removals for retention and purges, and the audit log read in order for export."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def delete_sessions(self, consultation_id: int) -> int:
        """Drop the chat sessions of a consultation (they hold copies of the answers)."""
        statement = delete(SessionRow).where(col(SessionRow.consultation_id) == consultation_id)
        return int(self._session.exec(statement).rowcount)

    def delete_enrolments(self, consultation_id: int) -> int:
        """Drop who took part in a consultation (the person's link to it)."""
        statement = delete(EnrolmentRow).where(col(EnrolmentRow.consultation_id) == consultation_id)
        return int(self._session.exec(statement).rowcount)

    def purge_answers(self, round_ids: Sequence[int]) -> tuple[int, int]:
        """Delete every answer of these rounds and its tags: (answers, tags) removed."""
        answers = select(AnswerRow.id).where(col(AnswerRow.round_id).in_(list(round_ids)))
        tags = self._session.exec(delete(TagRow).where(col(TagRow.answer_id).in_(answers)))
        removed = self._session.exec(
            delete(AnswerRow).where(col(AnswerRow.round_id).in_(list(round_ids)))
        )
        return int(removed.rowcount), int(tags.rowcount)

    def last_answer_at(self, round_ids: Sequence[int]) -> datetime | None:
        """When the latest answer in these rounds was given."""
        statement = select(func.max(AnswerRow.answered_at)).where(
            col(AnswerRow.round_id).in_(list(round_ids))
        )
        value: datetime | None = self._session.exec(statement).one()
        return value

    def audit_entries(self) -> Iterator[AuditLogRow]:
        """The whole audit log, oldest first, streamed."""
        statement = (
            select(AuditLogRow).order_by(col(AuditLogRow.id)).execution_options(yield_per=500)
        )
        yield from self._session.exec(statement)

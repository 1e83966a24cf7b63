"""The append-only, hash-chained audit log of officer and admin actions."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from storage.dialects import lock_transaction
from storage.tables import AuditLogRow, utc_now

GENESIS_HASH = "0" * 64
_LOCK_NAME = "copro.audit_log"


def canonical_json(value: Any) -> str:
    """One spelling of a JSON value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, at: datetime, actor: int | None, action: str, detail: Any) -> str:
    """sha256 over the previous entry's hash and the canonical JSON of this entry."""
    entry = {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "detail": detail,
    }
    return hashlib.sha256((prev_hash + canonical_json(entry)).encode()).hexdigest()


class AuditRepository:
    """Append entries, read the latest, verify the chain. Nothing here updates or deletes."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # (entries, last hash) after this transaction's latest append: the unit of work
        # hands it on once committed, to be signed and kept outside the table
        self.head: tuple[int, str] | None = None

    def append(
        self,
        actor: int | None,
        action: str,
        detail: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> AuditLogRow:
        """Add an entry chained to the last one; concurrent appends take turns."""
        lock_transaction(self._session, _LOCK_NAME)
        # Read back as the database will return it, so the hash can be recomputed.
        detail = json.loads(canonical_json(detail or {}))
        at = (at or utc_now()).astimezone(UTC)
        last = self._session.exec(
            select(AuditLogRow.hash).order_by(col(AuditLogRow.id).desc()).limit(1)
        ).first()
        prev_hash = last or GENESIS_HASH
        row = AuditLogRow(
            at=at,
            actor=actor,
            action=action,
            detail=detail,
            prev_hash=prev_hash,
            hash=entry_hash(prev_hash, at, actor, action, detail),
        )
        self._session.add(row)
        self._session.flush()
        self.head = (self.count(), row.hash)
        return row

    def count(self) -> int:
        """How many entries the table holds."""
        return int(self._session.exec(select(func.count()).select_from(AuditLogRow)).one())

    def hash_at(self, position: int) -> str | None:
        """The hash of the `position`-th entry (1 is the oldest), or None past the end."""
        if position < 1:
            return None
        statement = (
            select(AuditLogRow.hash).order_by(col(AuditLogRow.id)).offset(position - 1).limit(1)
        )
        return self._session.exec(statement).first()

    def latest(self, n: int = 20) -> list[AuditLogRow]:
        """The last `n` entries, newest first."""
        statement = select(AuditLogRow).order_by(col(AuditLogRow.id).desc()).limit(n)
        return list(self._session.exec(statement))

    def revoked(self, role: str) -> set[int]:
        """The user ids an entry says lost `role` (`role.revoked`), whenever that was."""
        statement = select(AuditLogRow.detail).where(AuditLogRow.action == "role.revoked")
        return {
            detail["user"]
            for detail in self._session.exec(statement)
            if isinstance(detail, dict) and detail.get("role") == role
            and isinstance(detail.get("user"), int)
        }

    def verify(self) -> int | None:
        """The id of the first entry that breaks the chain, or None if it is whole."""
        expected_prev = GENESIS_HASH
        statement = (
            select(AuditLogRow).order_by(col(AuditLogRow.id)).execution_options(yield_per=500)
        )
        for row in self._session.exec(statement):
            recomputed = entry_hash(row.prev_hash, row.at, row.actor, row.action, row.detail)
            if row.prev_hash != expected_prev or row.hash != recomputed:
                return row.id
            expected_prev = row.hash
        return None

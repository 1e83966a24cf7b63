"""Store 'continue on another device' codes (as keyed hashes), take one once, forget them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, select

from storage.tables import DeviceCodeRow


class DeviceCodeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def replace(
        self, participant_id: int, code_hash: str, slug: str, now: datetime, expires: datetime
    ) -> None:
        """Make this the participant's one outstanding code (any older one stops working);
        expired codes, anyone's, are removed on the way."""
        self._session.exec(delete(DeviceCodeRow).where(
            (col(DeviceCodeRow.participant_id) == participant_id)
            | (col(DeviceCodeRow.expires_at) <= now)
        ))
        self._session.add(DeviceCodeRow(
            code_hash=code_hash, participant_id=participant_id, slug=slug,
            created_at=now, expires_at=expires,
        ))
        self._session.flush()

    def take(self, code_hash: str, now: datetime) -> tuple[int, str] | None:
        """(participant id, slug) of a live code, deleting it: of two takes racing on one
        code, only one gets it. None for an unknown, used or expired code."""
        row = self._session.exec(
            select(DeviceCodeRow).where(DeviceCodeRow.code_hash == code_hash)
        ).first()
        if row is None or row.expires_at <= now:
            return None
        taken = self._session.exec(delete(DeviceCodeRow).where(col(DeviceCodeRow.id) == row.id))
        return (row.participant_id, row.slug) if taken.rowcount == 1 else None

    def clear(self, participant_id: int) -> None:
        """Every outstanding code of the participant stops working."""
        self._session.exec(
            delete(DeviceCodeRow).where(col(DeviceCodeRow.participant_id) == participant_id)
        )

"""Web participants' e-mail addresses for notices: kept sealed, with the time they agreed.

E-mail notices are outbox rows of kind EMAIL_KIND whose `chat_id` is the participant's id
(a web participant has no chat); the address is looked up, and opened, only when sending.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, exists, select, update

from storage.tables import EnrolmentRow, OutboxRow, ParticipantRow

EMAIL_KIND = "email"
"""The outbox kind of an e-mail notice: only the mail drainer claims these rows."""


class MailAddressRepository:
    """Set, read and remove the sealed address of a web participant."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def participant_id(self, web_key: str) -> int | None:
        """The id of the web participant with this key, if they are stored."""
        statement = select(ParticipantRow.id).where(ParticipantRow.web_key == web_key)
        return self._session.exec(statement).first()

    def set_address(self, participant_id: int, sealed: str, agreed_at: datetime) -> bool:
        """Keep the sealed address and when they agreed; False for no such web participant."""
        result = self._session.exec(
            update(ParticipantRow)
            .where(col(ParticipantRow.id) == participant_id,
                   col(ParticipantRow.web_key).is_not(None))
            .values(email_sealed=sealed, email_consented_at=agreed_at)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    def sealed_address(self, participant_id: int) -> str | None:
        """The sealed address of this participant, if they left one."""
        statement = select(ParticipantRow.email_sealed).where(ParticipantRow.id == participant_id)
        return self._session.exec(statement).first()

    def agreed_at(self, participant_id: int) -> datetime | None:
        statement = select(ParticipantRow.email_consented_at).where(
            ParticipantRow.id == participant_id
        )
        return self._session.exec(statement).first()

    def sealed_addresses(self) -> list[tuple[int, str]]:
        """(participant id, sealed address) of everyone who left one (for key rotation)."""
        statement = (
            select(ParticipantRow.id, ParticipantRow.email_sealed)
            .where(col(ParticipantRow.email_sealed).is_not(None))
            .order_by(col(ParticipantRow.id))
        )
        return [(int(pid or 0), str(sealed)) for pid, sealed in self._session.exec(statement)]

    def reseal(self, participant_id: int, sealed: str) -> None:
        """Replace a sealed address with the same address sealed under another key."""
        self._session.exec(
            update(ParticipantRow)
            .where(col(ParticipantRow.id) == participant_id)
            .values(email_sealed=sealed)
            .execution_options(synchronize_session=False)
        )

    def remove_address(self, participant_id: int) -> bool:
        """Forget the address and every e-mail still waiting for it; False if none was held."""
        self.drop_waiting(participant_id)
        result = self._session.exec(
            update(ParticipantRow)
            .where(col(ParticipantRow.id) == participant_id,
                   col(ParticipantRow.email_sealed).is_not(None))
            .values(email_sealed=None, email_consented_at=None)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    def drop_waiting(self, participant_id: int) -> int:
        """Delete the e-mails not yet sent to this participant; how many."""
        result = self._session.exec(
            delete(OutboxRow).where(
                col(OutboxRow.kind) == EMAIL_KIND,
                col(OutboxRow.chat_id) == participant_id,
                col(OutboxRow.status).in_(("pending", "failed")),
            )
        )
        return int(result.rowcount)

    def forget_unenrolled(self) -> int:
        """Forget the addresses of web participants no longer in any consultation (retention
        ended, or they were never in one): nothing would be sent to them; how many."""
        enrolled = exists().where(col(EnrolmentRow.participant_id) == col(ParticipantRow.id))
        result = self._session.exec(
            update(ParticipantRow)
            .where(col(ParticipantRow.email_sealed).is_not(None), ~enrolled)
            .values(email_sealed=None, email_consented_at=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)

"""Store participants (a Telegram user id, a language) and their enrolments; erase them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, delete, select

from storage.dialects import insert
from storage.tables import (
    AnswerRow,
    ChatAnchorRow,
    ChatPromptRow,
    EnrolmentRow,
    OutboxRow,
    ParticipantRow,
    SessionRow,
    TagRow,
    utc_now,
)


class ParticipantRepository:
    """Participants and the consultations they joined."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_create(
        self, telegram_user_id: int, language: str = "en", *, now: datetime | None = None
    ) -> ParticipantRow:
        """The participant with this user id, created if new (safe against a racing insert)."""
        row = self.get(telegram_user_id)
        if row is not None:
            return row
        statement = (
            insert(self._session, ParticipantRow)
            .values(
                telegram_user_id=telegram_user_id,
                language=language,
                reachable=True,
                created_at=now or utc_now(),
            )
            .on_conflict_do_nothing()
        )
        self._session.exec(statement)
        row = self.get(telegram_user_id)
        assert row is not None
        return row

    def get(self, telegram_user_id: int) -> ParticipantRow | None:
        """The participant with this Telegram user id, if any."""
        statement = select(ParticipantRow).where(
            ParticipantRow.telegram_user_id == telegram_user_id
        )
        return self._session.exec(statement).first()

    def get_by_id(self, participant_id: int) -> ParticipantRow | None:
        """The participant with this id, if any."""
        return self._session.get(ParticipantRow, participant_id)

    def set_language(self, participant_id: int, language: str) -> None:
        """Remember the language the participant chose."""
        row = self._required(participant_id)
        row.language = language
        self._session.flush()

    def set_reachable(self, telegram_user_id: int, reachable: bool) -> bool:
        """Mark a participant (un)reachable, e.g. after a 403; False if unknown."""
        row = self.get(telegram_user_id)
        if row is None:
            return False
        row.reachable = reachable
        self._session.flush()
        return True

    def enrolment(self, participant_id: int, consultation_id: int) -> EnrolmentRow | None:
        """The participant's enrolment in a consultation, if they joined it."""
        statement = select(EnrolmentRow).where(
            EnrolmentRow.participant_id == participant_id,
            EnrolmentRow.consultation_id == consultation_id,
        )
        return self._session.exec(statement).first()

    def enrolments(self, participant_id: int) -> Sequence[EnrolmentRow]:
        """Every consultation the participant joined."""
        statement = (
            select(EnrolmentRow)
            .where(EnrolmentRow.participant_id == participant_id)
            .order_by(col(EnrolmentRow.id))
        )
        return self._session.exec(statement).all()

    def enrolled(self, consultation_id: int) -> Sequence[EnrolmentRow]:
        """Everyone who joined a consultation, in the order they joined."""
        statement = (
            select(EnrolmentRow)
            .where(EnrolmentRow.consultation_id == consultation_id)
            .order_by(col(EnrolmentRow.id))
        )
        return self._session.exec(statement).all()

    def enrol(
        self,
        participant_id: int,
        consultation_id: int,
        *,
        role: str,
        language: str,
        consented_at: datetime | None = None,
        joined_at: datetime | None = None,
    ) -> EnrolmentRow:
        """Enrol a participant, or update their role, language and (if given) consent."""
        row = self.enrolment(participant_id, consultation_id)
        if row is None:
            row = EnrolmentRow(
                participant_id=participant_id,
                consultation_id=consultation_id,
                role=role,
                language=language,
                consented_at=consented_at,
                joined_at=joined_at or utc_now(),
            )
            self._session.add(row)
        else:
            row.role, row.language = role, language
            if consented_at is not None:
                row.consented_at = consented_at
        self._session.flush()
        return row

    def mute_reminders(self, participant_id: int, consultation_id: int, muted: bool) -> bool:
        """Turn reminders off or on for one consultation; False if not enrolled."""
        row = self.enrolment(participant_id, consultation_id)
        if row is None:
            return False
        row.reminders_muted = muted
        self._session.flush()
        return True

    def delete(self, participant_id: int) -> bool:
        """Erase the participant: answers, tags, sessions, enrolments, queued messages, them."""
        row = self._session.get(ParticipantRow, participant_id)
        if row is None:
            return False
        answers = select(AnswerRow.id).where(AnswerRow.participant_id == participant_id)
        session = self._session
        session.exec(delete(TagRow).where(col(TagRow.answer_id).in_(answers)))
        session.exec(delete(AnswerRow).where(col(AnswerRow.participant_id) == participant_id))
        session.exec(delete(SessionRow).where(col(SessionRow.participant_id) == participant_id))
        session.exec(delete(EnrolmentRow).where(col(EnrolmentRow.participant_id) == participant_id))
        session.exec(delete(OutboxRow).where(col(OutboxRow.chat_id) == row.telegram_user_id))
        session.exec(
            delete(ChatAnchorRow).where(col(ChatAnchorRow.chat_id) == row.telegram_user_id)
        )
        session.exec(
            delete(ChatPromptRow).where(col(ChatPromptRow.user_id) == row.telegram_user_id)
        )
        session.delete(row)
        session.flush()
        return True

    def _required(self, participant_id: int) -> ParticipantRow:
        row = self._session.get(ParticipantRow, participant_id)
        if row is None:
            raise LookupError(f"no participant {participant_id}")
        return row

"""Store participants (a Telegram user id, a language) and their enrolments; erase them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, col, delete, select

from storage.dialects import dialect_insert
from storage.identity import Identity
from storage.repositories.mail_addresses import EMAIL_KIND
from storage.tables import (
    AnswerRow,
    ChatAnchorRow,
    ChatPromptRow,
    DeviceCodeRow,
    EnrolmentRow,
    OutboxRow,
    ParticipantRow,
    SessionRow,
    TagRow,
    utc_now,
)

_participant = ParticipantRow.__table__  # type: ignore[attr-defined]
_enrolment = EnrolmentRow.__table__  # type: ignore[attr-defined]
_SET_LANGUAGE = (
    update(_participant)
    .where(_participant.c.id == bindparam("participant"))
    .values(language=bindparam("language"))
)
_SET_REACHABLE = (
    update(_participant)
    .where(_participant.c.telegram_user_id == bindparam("user"))
    .values(reachable=bindparam("reachable"))
)


@cache
def _create_if_new(dialect: str) -> Any:
    return dialect_insert(dialect, _participant).on_conflict_do_nothing()


@cache
def _enrol(dialect: str) -> Any:
    """New enrolment, or a new role and language; a consent already given stays."""
    statement = dialect_insert(dialect, _enrolment)
    return statement.on_conflict_do_update(
        index_elements=["participant_id", "consultation_id"],
        set_={
            "role": statement.excluded.role,
            "language": statement.excluded.language,
            "consented_at": func.coalesce(
                statement.excluded.consented_at, _enrolment.c.consented_at
            ),
        },
    )


class ParticipantRepository:
    """Participants and the consultations they joined."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_create(
        self, telegram_user_id: int, language: str = "en", *, now: datetime | None = None
    ) -> ParticipantRow:
        """The participant with this user id, created if new (safe against a racing insert)."""
        self.ensure(Identity.telegram(telegram_user_id), language, now=now)
        row = self.get(telegram_user_id)
        assert row is not None
        return row

    def ensure(
        self, identity: Identity, language: str = "en", *, now: datetime | None = None
    ) -> None:
        """Create the participant unless they exist (one statement, safe against a race)."""
        connection = self._session.connection()
        params = {
            **identity.values,
            "language": language,
            "reachable": True,
            "created_at": now or utc_now(),
        }
        connection.execute(_create_if_new(connection.dialect.name), params)

    def find(self, identity: Identity) -> ParticipantRow | None:
        """The participant with this identity (Telegram id or web key), if any."""
        statement = select(ParticipantRow).where(identity.column == identity.value)
        return self._session.exec(statement.execution_options(populate_existing=True)).first()

    def get(self, telegram_user_id: int) -> ParticipantRow | None:
        """The participant with this Telegram user id, if any."""
        statement = select(ParticipantRow).where(
            ParticipantRow.telegram_user_id == telegram_user_id
        ).execution_options(populate_existing=True)
        return self._session.exec(statement).first()

    def get_by_id(self, participant_id: int) -> ParticipantRow | None:
        """The participant with this id, if any."""
        return self._session.get(ParticipantRow, participant_id, populate_existing=True)

    def set_language(self, participant_id: int, language: str) -> None:
        """Remember the language the participant chose."""
        params = {"participant": participant_id, "language": language}
        self._session.connection().execute(_SET_LANGUAGE, params)

    def set_reachable(self, telegram_user_id: int, reachable: bool) -> bool:
        """Mark a participant (un)reachable, e.g. after a 403; False if unknown."""
        params = {"user": telegram_user_id, "reachable": reachable}
        return bool(self._session.connection().execute(_SET_REACHABLE, params).rowcount)

    def enrolment(self, participant_id: int, consultation_id: int) -> EnrolmentRow | None:
        """The participant's enrolment in a consultation, if they joined it."""
        statement = select(EnrolmentRow).where(
            EnrolmentRow.participant_id == participant_id,
            EnrolmentRow.consultation_id == consultation_id,
        ).execution_options(populate_existing=True)
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
    ) -> None:
        """Enrol a participant, or update their role, language and (if given) consent."""
        connection = self._session.connection()
        params = {
            "participant_id": participant_id,
            "consultation_id": consultation_id,
            "role": role,
            "language": language,
            "consented_at": consented_at,
            "joined_at": joined_at or utc_now(),
            "reminders_muted": False,
        }
        connection.execute(_enrol(connection.dialect.name), params)

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
        codes = col(DeviceCodeRow.participant_id) == participant_id  # another device's way in
        session.exec(delete(DeviceCodeRow).where(codes))
        if row.web_key is not None:  # e-mails waiting for them (the address goes with the row)
            session.exec(delete(OutboxRow).where(col(OutboxRow.kind) == EMAIL_KIND,
                                                 col(OutboxRow.chat_id) == participant_id))
        if row.telegram_user_id is not None:  # what the chat holds for them
            chat = row.telegram_user_id
            session.exec(delete(OutboxRow).where(col(OutboxRow.chat_id) == chat))
            session.exec(delete(ChatAnchorRow).where(col(ChatAnchorRow.chat_id) == chat))
            session.exec(delete(ChatPromptRow).where(col(ChatPromptRow.user_id) == chat))
        session.delete(row)
        session.flush()
        return True

"""Who hears about a round or a consultation's feedback: enrolled people who consented and
can be reached, found with one query each (a round may go to thousands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, exists, select

from storage.repositories.sessions import FINISHED_STATUSES
from storage.tables import EnrolmentRow, ParticipantRow, SessionRow


@dataclass(frozen=True)
class Contact:
    """A person to message: their chat (user id) and the languages stored for them."""

    participant_id: int
    user_id: int
    language: str
    """The participant's own language."""
    enrolled_language: str | None = None
    """The language of their enrolment (read for feedback only)."""


def _reached(mail: bool) -> tuple[Any, Any]:
    """(the column that addresses a person, the condition for being reachable that way):
    their Telegram chat, or with `mail` their participant id when they left an address."""
    if mail:
        return ParticipantRow.id, col(ParticipantRow.email_sealed).is_not(None)
    return ParticipantRow.telegram_user_id, col(ParticipantRow.telegram_user_id).is_not(None)


class AudienceRepository:
    """Read-only: each method lists people in the order they joined (or entered the round).

    By chat (Telegram users); with `mail=True`, web participants who left an e-mail address
    for notices, each `Contact.user_id` then being the participant's id."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def not_in_round(
        self, consultation_id: int, round_id: int, *, mail: bool = False
    ) -> list[Contact]:
        """Enrolled, consented and reachable people with no session in this round yet."""
        address, reachable = _reached(mail)
        in_round = exists().where(
            col(SessionRow.participant_id) == col(ParticipantRow.id),
            col(SessionRow.round_id) == round_id,
        )
        statement = (
            select(ParticipantRow.id, address, ParticipantRow.language)
            .join(EnrolmentRow, col(EnrolmentRow.participant_id) == col(ParticipantRow.id))
            .where(
                EnrolmentRow.consultation_id == consultation_id,
                col(EnrolmentRow.consented_at).is_not(None),
                col(ParticipantRow.reachable).is_(True),
                reachable,
                ~in_round,
            )
            .order_by(col(EnrolmentRow.id))
        )
        return [_contact(*row) for row in self._session.exec(statement)]

    def to_remind(
        self, consultation_id: int, round_id: int, before: datetime, *, mail: bool = False
    ) -> list[Contact]:
        """People in this round who consented, have not finished, are reachable, did not mute
        reminders, and have not touched their session since `before`."""
        address, reachable = _reached(mail)
        statement = (
            select(ParticipantRow.id, address, ParticipantRow.language)
            .join(SessionRow, col(SessionRow.participant_id) == col(ParticipantRow.id))
            .join(
                EnrolmentRow,
                (col(EnrolmentRow.participant_id) == col(ParticipantRow.id))
                & (col(EnrolmentRow.consultation_id) == consultation_id),
            )
            .where(
                SessionRow.consultation_id == consultation_id,
                SessionRow.round_id == round_id,
                col(SessionRow.status).not_in(sorted(FINISHED_STATUSES)),
                col(SessionRow.updated_at) < before,
                col(EnrolmentRow.consented_at).is_not(None),
                col(EnrolmentRow.reminders_muted).is_(False),
                col(ParticipantRow.reachable).is_(True),
                reachable,
            )
            .order_by(col(SessionRow.id))
        )
        return [_contact(*row) for row in self._session.exec(statement)]

    def enrolled_contacts(self, consultation_id: int, *, mail: bool = False) -> list[Contact]:
        """Everyone enrolled who consented and can be reached, with both their languages."""
        address, reachable = _reached(mail)
        statement = (
            select(ParticipantRow.id, address, ParticipantRow.language, EnrolmentRow.language)
            .join(EnrolmentRow, col(EnrolmentRow.participant_id) == col(ParticipantRow.id))
            .where(
                EnrolmentRow.consultation_id == consultation_id,
                col(EnrolmentRow.consented_at).is_not(None),
                col(ParticipantRow.reachable).is_(True),
                reachable,
            )
            .order_by(col(EnrolmentRow.id))
        )
        return [_contact(*row) for row in self._session.exec(statement)]


def _contact(
    participant_id: int | None, user_id: int, language: str, enrolled: str | None = None
) -> Contact:
    assert participant_id is not None
    return Contact(participant_id, int(user_id), language, enrolled)

"""Who hears about a round: queries the repositories do not offer, on the unit of work's session."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, exists, select

from bot.engine.session import Stage
from storage.tables import EnrolmentRow, ParticipantRow, SessionRow

ENDED = (Stage.FINISHED.value, Stage.DECLINED.value)


@dataclass(frozen=True)
class Recipient:
    participant_id: int
    user_id: int
    language: str


def open_notice_audience(session: Session, consultation_id: int, round_id: int) -> list[Recipient]:
    """Enrolled, consented and reachable people not already in this round."""
    in_round = exists().where(
        col(SessionRow.participant_id) == col(ParticipantRow.id),
        col(SessionRow.round_id) == round_id,
    )
    statement = (
        select(ParticipantRow.id, ParticipantRow.telegram_user_id, ParticipantRow.language)
        .join(EnrolmentRow, col(EnrolmentRow.participant_id) == col(ParticipantRow.id))
        .where(
            EnrolmentRow.consultation_id == consultation_id,
            col(EnrolmentRow.consented_at).is_not(None),
            col(ParticipantRow.reachable).is_(True),
            ~in_round,
        )
        .order_by(col(EnrolmentRow.id))
    )
    return [_recipient(row) for row in session.exec(statement)]


def reminder_audience(
    session: Session, consultation_id: int, round_id: int, before: datetime
) -> list[Recipient]:
    """People in this round who consented, have not finished, are reachable, did not mute
    reminders, and have not touched their session since `before` (the reminder's time)."""
    statement = (
        select(ParticipantRow.id, ParticipantRow.telegram_user_id, ParticipantRow.language)
        .join(SessionRow, col(SessionRow.participant_id) == col(ParticipantRow.id))
        .join(
            EnrolmentRow,
            (col(EnrolmentRow.participant_id) == col(ParticipantRow.id))
            & (col(EnrolmentRow.consultation_id) == consultation_id),
        )
        .where(
            SessionRow.consultation_id == consultation_id,
            SessionRow.round_id == round_id,
            col(SessionRow.status).not_in(ENDED),
            col(SessionRow.updated_at) < before,
            col(EnrolmentRow.consented_at).is_not(None),
            col(EnrolmentRow.reminders_muted).is_(False),
            col(ParticipantRow.reachable).is_(True),
        )
        .order_by(col(SessionRow.id))
    )
    return [_recipient(row) for row in session.exec(statement)]


def reminders_per_user(keys: set[str]) -> Counter[int]:
    """How many reminders each user has had, from keys `remind:{round}:{user}:{n}`."""
    return Counter(int(key.split(":")[2]) for key in keys)


def _recipient(row: tuple[int | None, int, str]) -> Recipient:
    participant_id, user_id, language = row
    assert participant_id is not None
    return Recipient(participant_id, int(user_id), language if language in ("en", "cy") else "en")

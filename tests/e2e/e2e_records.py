"""What the database holds about a resident, read the way an officer's report would."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.bootstrap import App
from storage import AnswerRow, OutboxRow, ParticipantRow


def answers_of(app: App, user_id: int, slug: str) -> dict[str, Any]:
    """Question key to stored answer (free text as text, choices as keys) in one consultation."""
    with app.unit_of_work() as uow:
        participant = uow.participants.get(user_id)
        consultation = uow.consultations.get(slug)
        if participant is None or consultation is None:
            return {}
        keys: dict[int, str] = {}
        for round_ in uow.consultations.rounds(consultation.id):
            for key, question_id in uow.consultations.question_ids(round_.id).items():
                keys[question_id] = key
        rows = uow.session.exec(
            select(AnswerRow).where(AnswerRow.participant_id == participant.id)
        ).all()
        return {
            keys[row.question_id]: row.text if row.text is not None else row.value
            for row in rows
            if row.question_id in keys
        }


def answer_rows(app: App, user_id: int) -> list[AnswerRow]:
    with app.unit_of_work() as uow:
        participant = uow.participants.get(user_id)
        if participant is None:
            return []
        return list(
            uow.session.exec(select(AnswerRow).where(AnswerRow.participant_id == participant.id))
        )


def participant(app: App, user_id: int) -> ParticipantRow | None:
    with app.unit_of_work() as uow:
        return uow.session.exec(
            select(ParticipantRow).where(ParticipantRow.telegram_user_id == user_id)
        ).first()


def enrolment_language(app: App, user_id: int, slug: str) -> str | None:
    with app.unit_of_work() as uow:
        found = uow.participants.get(user_id)
        consultation = uow.consultations.get(slug)
        if found is None or consultation is None:
            return None
        enrolment = uow.participants.enrolment(found.id, consultation.id)
        return None if enrolment is None else str(enrolment.language)


def outbox(app: App, chat_id: int) -> list[OutboxRow]:
    """Messages parked for a later retry, for this chat."""
    with app.unit_of_work() as uow:
        return list(uow.session.exec(select(OutboxRow).where(OutboxRow.chat_id == chat_id)))


def set_round_state(app: App, slug: str, round_key: str, state: str) -> None:
    """What an officer does with `copro round open|close`."""
    with app.unit_of_work() as uow:
        consultation = uow.consultations.get(slug)
        assert consultation is not None
        round_ = uow.consultations.round(consultation.id, round_key)
        assert round_ is not None
        uow.consultations.set_round_state(round_.id, state)
        uow.commit()

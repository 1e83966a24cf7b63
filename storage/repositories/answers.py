"""Store answers: one per participant and question, replaced when given again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, func, select, update

from storage.dialects import insert
from storage.repositories.answer_tags import AnswerTagging
from storage.tables import AnswerRow, TagRow, utc_now


def _tag_status_for(text: str | None) -> str:
    return "pending" if text and text.strip() else "none"


class AnswerRepository(AnswerTagging):
    """Answers, and (from `AnswerTagging`) the queue of free text waiting for tags."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def put(
        self,
        participant_id: int,
        round_id: int,
        question_id: int,
        value: Any,
        text: str | None = None,
        answered_at: datetime | None = None,
        update_id: int | None = None,
    ) -> AnswerRow:
        """Store the answer, replacing an earlier one; changed text drops its old tags."""
        answered_at = answered_at or utc_now()
        row = self._get_for_update(participant_id, question_id)
        if row is None:
            statement = (
                insert(self._session, AnswerRow)
                .values(
                    participant_id=participant_id,
                    round_id=round_id,
                    question_id=question_id,
                    value=value,
                    text=text,
                    answered_at=answered_at,
                    update_id=update_id,
                    tag_status=_tag_status_for(text),
                )
                .on_conflict_do_nothing()
            )
            inserted = self._session.exec(statement).rowcount == 1
            row = self._get_for_update(participant_id, question_id)
            assert row is not None
            if inserted:
                return row
        row.round_id, row.value = round_id, value
        row.answered_at, row.update_id = answered_at, update_id
        if row.text != text:
            self._session.exec(delete(TagRow).where(col(TagRow.answer_id) == row.id))
            row.text, row.tag_status = text, _tag_status_for(text)
            row.claimed_at = row.claimed_by = None
        self._session.flush()
        return row

    def get(self, participant_id: int, question_id: int) -> AnswerRow | None:
        """The participant's answer to a question, if any."""
        statement = select(AnswerRow).where(
            AnswerRow.participant_id == participant_id, AnswerRow.question_id == question_id
        )
        return self._session.exec(statement).first()

    def remove(self, participant_id: int, question_id: int) -> bool:
        """Delete the participant's answer to a question (and its tags); False if none."""
        row = self.get(participant_id, question_id)
        if row is None:
            return False
        self._session.exec(delete(TagRow).where(col(TagRow.answer_id) == row.id))
        self._session.delete(row)
        self._session.flush()
        return True

    def for_participant(self, participant_id: int) -> list[AnswerRow]:
        """Every answer the participant gave, oldest first."""
        statement = select(AnswerRow).where(AnswerRow.participant_id == participant_id)
        return list(self._session.exec(statement.order_by(col(AnswerRow.id))))

    def for_round(self, round_id: int) -> list[AnswerRow]:
        """Every answer in a round, oldest first."""
        statement = select(AnswerRow).where(AnswerRow.round_id == round_id)
        return list(self._session.exec(statement.order_by(col(AnswerRow.id))))

    def count(
        self,
        *,
        round_id: int | None = None,
        question_id: int | None = None,
        participant_id: int | None = None,
    ) -> int:
        """How many answers match every filter given."""
        statement = select(func.count()).select_from(AnswerRow)
        if round_id is not None:
            statement = statement.where(AnswerRow.round_id == round_id)
        if question_id is not None:
            statement = statement.where(AnswerRow.question_id == question_id)
        if participant_id is not None:
            statement = statement.where(AnswerRow.participant_id == participant_id)
        return int(self._session.exec(statement).one())

    def respondents(self, round_id: int) -> int:
        """How many people answered at least one question of the round."""
        statement = select(func.count(func.distinct(AnswerRow.participant_id))).where(
            AnswerRow.round_id == round_id
        )
        return int(self._session.exec(statement).one())

    def anonymise(self, round_ids: Iterable[int], answered_before: datetime) -> int:
        """Retention: drop the text and the link to the person, keep values and tags."""
        statement = (
            update(AnswerRow)
            .where(col(AnswerRow.round_id).in_(list(round_ids)))
            .where(col(AnswerRow.answered_at) < answered_before)
            .where(col(AnswerRow.participant_id).is_not(None) | col(AnswerRow.text).is_not(None))
            .values(participant_id=None, text=None, update_id=None)
            .execution_options(synchronize_session=False)
        )
        return int(self._session.exec(statement).rowcount)

    def _get_for_update(self, participant_id: int, question_id: int) -> AnswerRow | None:
        statement = (
            select(AnswerRow)
            .where(
                AnswerRow.participant_id == participant_id,
                AnswerRow.question_id == question_id,
            )
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self._session.exec(statement).first()

"""Store answers: one per participant and question, replaced when given again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, case, or_
from sqlmodel import Session, col, delete, func, select, update

from storage.dialects import dialect_insert
from storage.repositories.answer_tags import AnswerTagging
from storage.tables import AnswerRow, TagRow, utc_now

_answer = AnswerRow.__table__  # type: ignore[attr-defined]
_tag = TagRow.__table__  # type: ignore[attr-defined]


def _tag_status_for(text: str | None) -> str:
    return "pending" if text and text.strip() else "none"


_DROP_STALE_TAGS = delete(_tag).where(
    _tag.c.answer_id.in_(
        select(_answer.c.id).where(
            _answer.c.participant_id == bindparam("participant_id"),
            _answer.c.question_id == bindparam("question_id"),
            _answer.c.text.is_distinct_from(bindparam("text", type_=_answer.c.text.type)),
        )
    )
)


@cache
def _upsert(dialect: str) -> Any:
    """Insert, or replace the earlier answer; the same text keeps its tag status."""
    statement = dialect_insert(dialect, _answer)
    same_text = _answer.c.text.is_not_distinct_from(statement.excluded.text)
    return statement.on_conflict_do_update(
        index_elements=["participant_id", "question_id"],
        set_={
            "round_id": statement.excluded.round_id,
            "value": statement.excluded.value,
            "text": statement.excluded.text,
            "answered_at": statement.excluded.answered_at,
            "update_id": statement.excluded.update_id,
            "tag_status": case(
                (same_text, _answer.c.tag_status), else_=statement.excluded.tag_status
            ),
            "claimed_at": case((same_text, _answer.c.claimed_at), else_=None),
            "claimed_by": case((same_text, _answer.c.claimed_by), else_=None),
        },
    )


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
        *,
        replacing: bool = True,
    ) -> None:
        """Store the answer, replacing an earlier one; changed text drops its old tags.

        `replacing=False` says the caller knows there was no earlier answer (the engine's
        session says so), which spares the statement that drops stale tags.
        """
        connection = self._session.connection()
        params = {
            "participant_id": participant_id,
            "round_id": round_id,
            "question_id": question_id,
            "value": value,
            "text": text,
            "answered_at": answered_at or utc_now(),
            "update_id": update_id,
            "tag_status": _tag_status_for(text),
        }
        if replacing:
            connection.execute(_DROP_STALE_TAGS, params)
        connection.execute(_upsert(connection.dialect.name), params)

    def get(self, participant_id: int, question_id: int) -> AnswerRow | None:
        """The participant's answer to a question, if any."""
        statement = select(AnswerRow).where(
            AnswerRow.participant_id == participant_id, AnswerRow.question_id == question_id
        ).execution_options(populate_existing=True)
        return self._session.exec(statement).first()

    def remove(self, participant_id: int, question_id: int) -> bool:
        """Delete the participant's answer to a question (and its tags); False if none."""
        connection = self._session.connection()
        answer = select(_answer.c.id).where(
            _answer.c.participant_id == participant_id, _answer.c.question_id == question_id
        )
        connection.execute(delete(_tag).where(_tag.c.answer_id.in_(answer)))
        removed = connection.execute(
            delete(_answer).where(
                _answer.c.participant_id == participant_id, _answer.c.question_id == question_id
            )
        )
        return bool(removed.rowcount)

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
        """Retention: drop the text and the link to the person, keep values, themes and
        tone. Text derived from the answer (its redacted copy, the places, key phrases,
        evidence and personal-data spans found in it) goes with the text."""
        round_ids = list(round_ids)
        answers = (
            select(AnswerRow.id)
            .where(col(AnswerRow.round_id).in_(round_ids))
            .where(col(AnswerRow.answered_at) < answered_before)
        )
        derived = (TagRow.redacted, TagRow.pii, TagRow.places, TagRow.key_phrases,
                   TagRow.evidence)  # fmt: skip
        self._session.exec(
            update(TagRow)
            .where(col(TagRow.answer_id).in_(answers))
            .where(or_(*(col(c).is_not(None) for c in derived)))
            .values(redacted=None, pii=None, places=None, key_phrases=None, evidence=None)
            .execution_options(synchronize_session=False)
        )
        statement = (
            update(AnswerRow)
            .where(col(AnswerRow.round_id).in_(round_ids))
            .where(col(AnswerRow.answered_at) < answered_before)
            .where(col(AnswerRow.participant_id).is_not(None) | col(AnswerRow.text).is_not(None))
            .values(participant_id=None, text=None, update_id=None)
            .execution_options(synchronize_session=False)
        )
        return int(self._session.exec(statement).rowcount)

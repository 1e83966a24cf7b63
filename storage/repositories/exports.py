"""The answers an export writes, read in chunks straight from the database, in export order.

A consultation may have hundreds of thousands of answers: `batches` streams them
(`yield_per`), so an export holds one chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from bot.engine.model import QuestionType
from storage.tables import AnswerRow, EnrolmentRow, ParticipantRow, QuestionRow, RoundRow, TagRow


@dataclass(frozen=True)
class ExportSelection:
    """Which answers: a consultation's, optionally of one round and one question, or of
    free-text questions only."""

    consultation_id: int
    round_key: str | None = None
    question_key: str | None = None
    text_only: bool = False


class AnswerForExport(NamedTuple):
    """One answer with who gave it (if still known), where, and its tags (if tagged)."""

    id: int
    participant_id: int | None
    telegram_user_id: int | None
    role: str | None
    language: str | None
    round_key: str
    question_key: str
    kind: str
    value: Any
    text: str | None
    answered_at: datetime
    themes: list[str] | None
    sentiment: str | None
    redacted: str | None
    web_key: str | None = None


class ExportRepository:
    """Read-only."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def count(self, selection: ExportSelection) -> int:
        """How many answers `batches` will give (for a progress bar)."""
        statement = (
            select(func.count())
            .select_from(AnswerRow)
            .join(RoundRow, col(RoundRow.id) == col(AnswerRow.round_id))
            .join(QuestionRow, col(QuestionRow.id) == col(AnswerRow.question_id))
        )
        return int(self._session.exec(_filtered(statement, selection)).one())

    def batches(self, selection: ExportSelection, chunk: int) -> Iterator[list[AnswerForExport]]:
        """The answers in round, participant, question and answer order, `chunk` at a time.

        The rows stream from an open cursor: consume them inside the unit of work.
        """
        statement = _statement(selection).execution_options(yield_per=chunk)
        for batch in self._session.execute(statement).partitions(chunk):
            yield [AnswerForExport._make(row) for row in batch]


def _statement(selection: ExportSelection) -> Any:
    columns: list[Any] = [
        col(AnswerRow.id), col(AnswerRow.participant_id), col(ParticipantRow.telegram_user_id),
        col(EnrolmentRow.role), col(EnrolmentRow.language), col(RoundRow.key).label("round_key"),
        col(QuestionRow.key).label("question_key"), col(QuestionRow.type).label("kind"),
        col(AnswerRow.value), col(AnswerRow.text), col(AnswerRow.answered_at),
        col(TagRow.themes), col(TagRow.sentiment), col(TagRow.redacted),
        col(ParticipantRow.web_key),
    ]
    statement = (
        select(*columns)
        .select_from(AnswerRow)
        .join(RoundRow, col(RoundRow.id) == col(AnswerRow.round_id))
        .join(QuestionRow, col(QuestionRow.id) == col(AnswerRow.question_id))
        .outerjoin(ParticipantRow, col(ParticipantRow.id) == col(AnswerRow.participant_id))
        .outerjoin(EnrolmentRow, and_(
            col(EnrolmentRow.participant_id) == col(AnswerRow.participant_id),
            col(EnrolmentRow.consultation_id) == selection.consultation_id,
        ))
        .outerjoin(TagRow, col(TagRow.answer_id) == col(AnswerRow.id))
    )
    return _filtered(statement, selection).order_by(
        RoundRow.position, AnswerRow.participant_id, QuestionRow.position, AnswerRow.id
    )


def _filtered(statement: Any, selection: ExportSelection) -> Any:
    statement = statement.where(RoundRow.consultation_id == selection.consultation_id)
    if selection.round_key is not None:
        statement = statement.where(RoundRow.key == selection.round_key)
    if selection.question_key is not None:
        statement = statement.where(QuestionRow.key == selection.question_key)
    if selection.text_only:
        statement = statement.where(QuestionRow.type == QuestionType.TEXT.value)
    return statement

"""Store imported consultations and look up their rounds and questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, delete, exists, select

from bot.engine.model import Consultation, Question, Round
from storage.errors import ConsultationHasAnswers
from storage.tables import (
    ROUND_STATES,
    AnswerRow,
    ConsultationRow,
    OptionRow,
    QuestionRow,
    RoundRow,
    utc_now,
)

_consultation = ConsultationRow.__table__  # type: ignore[attr-defined]
_FIND = select(_consultation.c.id, _consultation.c.version).where(
    _consultation.c.slug == bindparam("slug")
)


class ConsultationRepository:
    """Consultations, their rounds, questions and options."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def save(
        self,
        consultation: Consultation,
        definition: Mapping[str, Any],
        *,
        reschedule: bool = False,
        now: datetime | None = None,
        new_round_states: Mapping[str, str] | None = None,
    ) -> ConsultationRow:
        """Insert a consultation, or update one that has no answers yet.

        Rounds take `opens`/`closes` from the file when first stored, and their state from
        `new_round_states` (round key to state; "scheduled" if not given); on a later import
        a round keeps its stored schedule and state (officers may have changed them in chat)
        unless `reschedule` is true.
        """
        now = now or utc_now()
        row = self.get(consultation.slug)
        if row is None:
            row = ConsultationRow(
                slug=consultation.slug,
                definition=dict(definition),
                default_language=consultation.default_language,
                imported_at=now,
                updated_at=now,
            )
            self._session.add(row)
        else:
            assert row.id is not None
            if self.has_answers(row.id):
                raise ConsultationHasAnswers(consultation.slug)
            row.definition = dict(definition)
            row.default_language = consultation.default_language
            row.updated_at = now
            row.version = (row.version or 0) + 1
        self._session.flush()
        assert row.id is not None
        self._sync_rounds(row.id, consultation.rounds, reschedule, new_round_states or {})
        return row

    def get(self, slug: str) -> ConsultationRow | None:
        """The consultation with this slug, if imported."""
        statement = select(ConsultationRow).where(ConsultationRow.slug == slug)
        return self._session.exec(statement).first()

    def find(self, slug: str) -> tuple[int, int] | None:
        """(id, version) of the consultation with this slug, without loading its definition."""
        found = self._session.connection().execute(_FIND, {"slug": slug}).first()
        return (int(found[0]), int(found[1])) if found else None

    def get_by_id(self, consultation_id: int) -> ConsultationRow | None:
        """The consultation with this id."""
        return self._session.get(ConsultationRow, consultation_id)

    def list(self) -> Sequence[ConsultationRow]:
        """Every consultation, by slug."""
        return self._session.exec(select(ConsultationRow).order_by(col(ConsultationRow.slug))).all()

    def rounds(self, consultation_id: int) -> Sequence[RoundRow]:
        """The consultation's rounds in file order."""
        statement = (
            select(RoundRow)
            .where(RoundRow.consultation_id == consultation_id)
            .order_by(col(RoundRow.position))
        )
        return self._session.exec(statement).all()

    def round(self, consultation_id: int, key: str) -> RoundRow | None:
        """One round by key."""
        statement = select(RoundRow).where(
            RoundRow.consultation_id == consultation_id, RoundRow.key == key
        )
        return self._session.exec(statement).first()

    def get_round(self, round_id: int) -> RoundRow | None:
        """One round by id."""
        return self._session.get(RoundRow, round_id)

    def set_round_state(self, round_id: int, state: str) -> None:
        """Mark a round "draft", "scheduled", "open" or "closed"."""
        row = self._required_round(round_id)
        row.state = _known_state(state)
        self._session.flush()
        self._bump_version(row.consultation_id)

    def schedule_round(
        self, round_id: int, opens_at: datetime | None, closes_at: datetime | None
    ) -> None:
        """Set when a round opens and closes."""
        row = self._required_round(round_id)
        row.opens_at, row.closes_at = opens_at, closes_at
        self._session.flush()
        self._bump_version(row.consultation_id)

    def question_ids(self, round_id: int) -> dict[str, int]:
        """Question key to id, for one round."""
        statement = select(QuestionRow.key, QuestionRow.id).where(QuestionRow.round_id == round_id)
        return {
            key: question_id for key, question_id in self._session.exec(statement) if question_id
        }

    def has_answers(self, consultation_id: int) -> bool:
        """Whether anyone has answered any question of the consultation."""
        statement = select(
            exists()
            .where(col(AnswerRow.round_id) == col(RoundRow.id))
            .where(col(RoundRow.consultation_id) == consultation_id)
        )
        return bool(self._session.exec(statement).one())

    def _bump_version(self, consultation_id: int) -> None:
        """Tell every worker's cache that this consultation changed (committed with it)."""
        self._session.exec(
            update(ConsultationRow)
            .where(col(ConsultationRow.id) == consultation_id)
            .values(version=col(ConsultationRow.version) + 1)
            .execution_options(synchronize_session="fetch")
        )

    def _required_round(self, round_id: int) -> RoundRow:
        row = self._session.get(RoundRow, round_id)
        if row is None:
            raise LookupError(f"no round {round_id}")
        return row

    def _sync_rounds(
        self,
        consultation_id: int,
        rounds: Sequence[Round],
        reschedule: bool,
        new_states: Mapping[str, str],
    ) -> None:
        stored = {row.key: row for row in self.rounds(consultation_id)}
        for position, round_ in enumerate(rounds):
            row = stored.pop(round_.key, None)
            if row is None:
                row = RoundRow(
                    consultation_id=consultation_id,
                    key=round_.key,
                    position=position,
                    opens_at=round_.opens,
                    closes_at=round_.closes,
                    state=_known_state(new_states.get(round_.key, "scheduled")),
                )
                self._session.add(row)
            else:
                row.position = position
                if reschedule:
                    row.opens_at, row.closes_at = round_.opens, round_.closes
            self._session.flush()
            assert row.id is not None
            self._sync_questions(row.id, round_.questions)
        for gone in stored.values():
            self._session.delete(gone)
        self._session.flush()

    def _sync_questions(self, round_id: int, questions: Sequence[Question]) -> None:
        statement = select(QuestionRow).where(QuestionRow.round_id == round_id)
        stored = {row.key: row for row in self._session.exec(statement)}
        for position, question in enumerate(questions):
            row = stored.pop(question.key, None)
            if row is None:
                row = QuestionRow(
                    round_id=round_id, key=question.key, position=position, type=str(question.type)
                )
                self._session.add(row)
            else:
                row.position, row.type = position, str(question.type)
            self._session.flush()
            assert row.id is not None
            self._sync_options(row.id, [option.key for option in question.options])
        for gone in stored.values():
            self._session.delete(gone)

    def _sync_options(self, question_id: int, keys: Sequence[str]) -> None:
        # Options carry no data of their own beyond key and order: replace them all.
        self._session.exec(delete(OptionRow).where(col(OptionRow.question_id) == question_id))
        for position, key in enumerate(keys):
            self._session.add(OptionRow(question_id=question_id, key=key, position=position))

    def rounds_not_closed(self) -> Sequence[RoundRow]:
        """Every round of every consultation that has not closed, by id (for the scheduler)."""
        statement = select(RoundRow).where(col(RoundRow.state) != "closed")
        return self._session.exec(statement.order_by(col(RoundRow.id))).all()

    def round_for_update(self, round_id: int) -> RoundRow | None:
        """One round, read afresh and locked until the transaction ends (SELECT ... FOR
        UPDATE), so the CLI, the chat and the scheduler take turns on it."""
        return self._session.get(RoundRow, round_id, with_for_update=True, populate_existing=True)

    def question(self, question_id: int) -> QuestionRow | None:
        """One question by id."""
        return self._session.get(QuestionRow, question_id)

    def append_round(
        self,
        consultation_id: int,
        definition: Mapping[str, Any],
        round_: Round,
        *,
        opens_at: datetime | None,
        closes_at: datetime | None,
        now: datetime,
    ) -> RoundRow:
        """Add `round_` after the last round, a "draft" (the caller opens or schedules it),
        with its questions and options,
        and store `definition` (the whole file, with the round). Unlike `save`, it works on
        a consultation that has answers: nothing already stored is touched."""
        row = self._session.get(ConsultationRow, consultation_id)
        if row is None:
            raise LookupError(f"no consultation {consultation_id}")
        position = max((r.position for r in self.rounds(consultation_id)), default=-1) + 1
        row.definition = dict(definition)  # a new object, so the JSON column is written
        row.updated_at = now
        self._session.add(row)
        round_row = RoundRow(consultation_id=consultation_id, key=round_.key, position=position,
                             opens_at=opens_at, closes_at=closes_at, state="draft")
        self._session.add(round_row)
        self._session.flush()
        assert round_row.id is not None
        for index, question in enumerate(round_.questions):
            question_row = QuestionRow(round_id=round_row.id, key=question.key, position=index,
                                       type=str(question.type))
            self._session.add(question_row)
            self._session.flush()
            assert question_row.id is not None
            self._session.add_all([
                OptionRow(question_id=question_row.id, key=option.key, position=n)
                for n, option in enumerate(question.options)
            ])
        self._session.flush()
        return round_row


def _known_state(state: str) -> str:
    if state not in ROUND_STATES:
        raise ValueError(f"unknown round state {state!r}")
    return state

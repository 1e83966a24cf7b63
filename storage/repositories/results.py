"""Read-only aggregate queries for results: GROUP BY in the database, not rows in Python.

Answers are counted per (question, role, language, value). A multiple choice or ranking is
grouped by its whole JSON value: a question has at most a few hundred distinct values, so
the database returns a few hundred rows however many people answered.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, literal, or_, true
from sqlmodel import Session, col, select

from nlp.phrase_counts import count_phrases
from storage.dialects import dialect_name
from storage.tables import AnswerRow, EnrolmentRow, TagRow

UNKNOWN = ""  # no enrolment: the link to the person was removed by retention


@dataclass(frozen=True)
class Tally:
    """How many people in one role and language gave one value."""

    role: str
    language: str
    value: Any
    count: int


@dataclass(frozen=True)
class TextTally:
    role: str
    language: str
    themes: tuple[str, ...] | None  # None: not tagged yet
    sentiment: str | None
    count: int


@dataclass(frozen=True)
class QuoteCandidate:
    answer_id: int
    role: str
    language: str
    redacted: str
    themes: tuple[str, ...]
    sentiment: str | None


@dataclass(frozen=True)
class Participation:
    role: str
    language: str
    respondents: int
    completed: int


def _enrolment(consultation_id: int) -> Any:
    return and_(
        col(EnrolmentRow.participant_id) == col(AnswerRow.participant_id),
        col(EnrolmentRow.consultation_id) == consultation_id,
    )


def _groups() -> tuple[Any, Any]:
    role = func.coalesce(EnrolmentRow.role, literal(UNKNOWN)).label("role")
    language = func.coalesce(EnrolmentRow.language, literal(UNKNOWN)).label("language")
    return role, language


def _columns(*columns: Any) -> list[Any]:
    # sqlmodel's `select` is typed for at most four columns; the list passes as `*entities`.
    return list(columns)


@lru_cache(maxsize=4096)
def _json(text: str | None) -> Any:
    """A stored JSON value, lists as tuples (hashable); the same few texts repeat a lot."""
    value = json.loads(text) if text is not None else None
    return tuple(value) if isinstance(value, list) else value


class ResultsRepository:
    """Counts for results; only `TagRow.redacted` text is ever read, never raw answers."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def value_tallies(
        self, consultation_id: int, question_ids: Sequence[int]
    ) -> dict[int, list[Tally]]:
        """Choice, scale and ranking answers counted per question, role, language and value."""
        role, language = _groups()
        value = cast(AnswerRow.value, Text).label("value")
        statement = (
            select(*_columns(col(AnswerRow.question_id), role, language, value, func.count()))
            .select_from(AnswerRow)
            .outerjoin(EnrolmentRow, _enrolment(consultation_id))
            .where(col(AnswerRow.question_id).in_(list(question_ids)))
            .where(col(AnswerRow.value).is_not(None))
            .group_by(col(AnswerRow.question_id), role, language, value)
        )
        found: dict[int, dict[tuple[str, str, Any], int]] = defaultdict(dict)
        for question_id, role_, language_, raw, n in self._session.exec(statement):
            key = (role_ or UNKNOWN, language_ or UNKNOWN, _json(raw))
            found[question_id][key] = found[question_id].get(key, 0) + int(n)
        return {q: [Tally(*k, n) for k, n in tallies.items()] for q, tallies in found.items()}

    def text_tallies(
        self, consultation_id: int, question_ids: Sequence[int]
    ) -> dict[int, list[TextTally]]:
        """Free-text answers counted per question, role, language, theme set and sentiment."""
        role, language = _groups()
        themes = cast(TagRow.themes, Text).label("themes")
        tagged = case((col(TagRow.answer_id).is_(None), 0), else_=1).label("tagged")
        statement = (
            select(*_columns(col(AnswerRow.question_id), role, language, tagged, themes,
                             col(TagRow.sentiment), func.count()))
            .select_from(AnswerRow)
            .outerjoin(TagRow, col(TagRow.answer_id) == col(AnswerRow.id))
            .outerjoin(EnrolmentRow, _enrolment(consultation_id))
            .where(col(AnswerRow.question_id).in_(list(question_ids)))
            .where(or_(col(AnswerRow.text).is_not(None), col(TagRow.answer_id).is_not(None)))
            .group_by(col(AnswerRow.question_id), role, language, tagged, themes,
                      col(TagRow.sentiment))
        )
        found: dict[int, list[TextTally]] = defaultdict(list)
        rows = self._session.exec(statement)
        for question_id, role_, language_, is_tagged, raw, sentiment, n in rows:
            theme_keys = tuple(_json(raw) or ()) if is_tagged else None
            found[question_id].append(
                TextTally(role_ or UNKNOWN, language_ or UNKNOWN, theme_keys, sentiment, int(n))
            )
        return dict(found)

    def phrase_counts(
        self, question_ids: Sequence[int], min_count: int, limit: int = 10
    ) -> dict[int, list[tuple[str, int]]]:
        """Key phrases found in at least `min_count` answers, most common first, per question."""
        if not question_ids:
            return {}
        dialect = dialect_name(self._session)
        if dialect == "sqlite":
            elements = func.json_each(TagRow.key_phrases).table_valued("value")
        elif dialect == "postgresql":
            elements = func.json_array_elements_text(TagRow.key_phrases).table_valued("value")
        else:
            return self._phrase_counts_in_python(question_ids, min_count, limit)
        phrase = elements.c.value
        statement = (
            select(col(AnswerRow.question_id), phrase, func.count())
            .select_from(AnswerRow)
            .join(TagRow, col(TagRow.answer_id) == col(AnswerRow.id))
            .join(elements, true())
            .where(col(AnswerRow.question_id).in_(list(question_ids)))
            .group_by(col(AnswerRow.question_id), phrase)
            .having(func.count() >= min_count)
        )
        found: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for question_id, text, n in self._session.exec(statement):
            found[question_id].append((str(text), int(n)))
        return {
            q: sorted(p, key=lambda item: (-item[1], item[0]))[:limit] for q, p in found.items()
        }

    def _phrase_counts_in_python(
        self, question_ids: Sequence[int], min_count: int, limit: int
    ) -> dict[int, list[tuple[str, int]]]:
        statement = (
            select(AnswerRow.question_id, TagRow.key_phrases)
            .join(TagRow, col(TagRow.answer_id) == col(AnswerRow.id))
            .where(col(AnswerRow.question_id).in_(list(question_ids)))
        )
        lists: dict[int, list[Sequence[str]]] = defaultdict(list)
        for question_id, phrases in self._session.exec(statement):
            lists[question_id].append(phrases or ())
        return {
            q: [(p, n) for p, n in count_phrases(found, limit) if n >= min_count]
            for q, found in lists.items()
        }

    def quote_candidates(
        self,
        consultation_id: int,
        question_id: int,
        shortest: int,
        longest: int,
        limit: int,
        with_groups: bool = True,
    ) -> list[QuoteCandidate]:
        """Tagged answers with themes whose redacted text is of a quotable length, shortest first.

        Only `TagRow.redacted` is read: the raw text never leaves through results. Without
        `with_groups` (no group is too small to quote) the role and language are not looked up.
        """
        role: Any
        language: Any
        role, language = _groups() if with_groups else (literal(UNKNOWN), literal(UNKNOWN))
        themes = cast(TagRow.themes, Text)
        length = func.length(TagRow.redacted)
        statement = (
            select(*_columns(col(AnswerRow.id), role, language, col(TagRow.redacted), themes,
                             col(TagRow.sentiment)))
            .select_from(AnswerRow)
            .join(TagRow, col(TagRow.answer_id) == col(AnswerRow.id))
            .where(AnswerRow.question_id == question_id)
            .where(length >= shortest, length <= longest, themes != "[]")
            .order_by(length, AnswerRow.id)
            .limit(limit)
        )
        if with_groups:
            statement = statement.outerjoin(EnrolmentRow, _enrolment(consultation_id))
        candidates = []
        for answer_id, role_, language_, redacted, raw, sentiment in self._session.exec(statement):
            found = tuple(_json(raw) or ())
            if found:
                candidates.append(
                    QuoteCandidate(int(answer_id), role_ or UNKNOWN, language_ or UNKNOWN,
                                   str(redacted), found, sentiment)
                )
        return candidates

    def participation(
        self,
        consultation_id: int,
        round_id: int,
        required: Iterable[int],
    ) -> list[Participation]:
        """People who answered in the round, and who answered every question in `required`."""
        required_ids = list(required)
        role, language = _groups()
        answered = func.sum(
            case((col(AnswerRow.question_id).in_(required_ids or [-1]), 1), else_=0)
        ).label("answered")
        per_person = (
            select(col(AnswerRow.participant_id), role, language, answered)
            .select_from(AnswerRow)
            .outerjoin(EnrolmentRow, _enrolment(consultation_id))
            .where(AnswerRow.round_id == round_id)
            .where(col(AnswerRow.participant_id).is_not(None))
            .group_by(col(AnswerRow.participant_id), role, language)
            .subquery()
        )
        done = func.sum(case((per_person.c.answered >= len(required_ids), 1), else_=0))
        statement = select(
            per_person.c.role, per_person.c.language, func.count(), done
        ).group_by(per_person.c.role, per_person.c.language)
        return [
            Participation(r or UNKNOWN, lang or UNKNOWN, int(n), int(d or 0))
            for r, lang, n, d in self._session.exec(statement)
        ]

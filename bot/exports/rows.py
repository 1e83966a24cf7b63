"""One export row per answer: pseudonymised, labelled, with free text redacted before it leaves.

Rows are read in chunks straight from the database (a consultation may have hundreds of
thousands of answers). Text the NLP worker has not tagged yet is redacted here, in the same
chunk, with the same tagger; raw text is used only when personal data was authorised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from bot.engine.model import Consultation, Question, QuestionType
from bot.exports.cells import visible_cells
from bot.security.pseudonyms import pseudonym
from bot.services.consultations import StoredConsultation
from bot.services.people import pseudonym_source
from bot.services.ports import AnswerForExport, ExportSelection, UnitOfWork
from bot.services.tagging import Tags, TextTagger

COLUMNS = (
    "participant", "role", "language", "round", "question", "answer", "answer_label",
    "themes", "sentiment", "answered_at",
)
CHUNK = 1000


@dataclass(frozen=True)
class ExportRow:
    """The columns of consultation-format.md, plus what the Polis format needs."""

    participant: str
    role: str
    language: str
    round: str
    question: str
    answer: str
    answer_label: str
    themes: str
    sentiment: str
    answered_at: str
    question_type: str
    when: datetime

    def values(self) -> list[str]:
        return [getattr(self, c) for c in COLUMNS]

    def as_dict(self) -> dict[str, str]:
        return {c: getattr(self, c) for c in COLUMNS}


@dataclass(frozen=True)
class ExportScope:
    """What to export: a consultation, optionally one round and one question."""

    stored: StoredConsultation
    round_key: str | None = None
    question_key: str | None = None
    text_only: bool = False


def count_rows(uow: UnitOfWork, scope: ExportScope) -> int:
    """How many rows the export will have (for the progress bar)."""
    return uow.exports.count(_selection(scope))


def iter_rows(
    uow: UnitOfWork,
    scope: ExportScope,
    secret_key: str,
    zone: tzinfo,
    tagger: Callable[[], TextTagger],
    include_personal_data: bool = False,
    chunk: int = CHUNK,
) -> Iterator[ExportRow]:
    """Every answer in scope, in round, participant and question order."""
    consultation = scope.stored.consultation
    questions = {(r.key, q.key): q for r in consultation.rounds for q in r.questions}
    names: dict[int | None, str] = {}
    for batch in uow.exports.batches(_selection(scope), chunk):
        redacted = _redact_untagged(batch, consultation, tagger)
        for row in batch:
            yield _row(row, questions, consultation, secret_key, zone, names, redacted,
                       include_personal_data)


def _selection(scope: ExportScope) -> ExportSelection:
    return ExportSelection(scope.stored.id, scope.round_key, scope.question_key, scope.text_only)


def _redact_untagged(
    batch: Sequence[AnswerForExport], consultation: Consultation, tagger: Callable[[], TextTagger]
) -> dict[int, Tags]:
    """Tag, here and now, the text answers the worker has not reached."""
    waiting = [r for r in batch if r.redacted is None and r.text]
    if not waiting:
        return {}
    languages = [r.language or consultation.default_language for r in waiting]
    tags = tagger().tag_many([r.text or "" for r in waiting], languages)
    return {r.id: t for r, t in zip(waiting, tags, strict=True)}


def _row(
    row: AnswerForExport,
    questions: dict[tuple[str, str], Question],
    consultation: Consultation,
    secret_key: str,
    zone: tzinfo,
    names: dict[int | None, str],
    redacted: dict[int, Tags],
    include_personal_data: bool,
) -> ExportRow:
    question = questions.get((row.round_key, row.question_key))
    kind = row.kind
    themes, sentiment = row.themes, row.sentiment
    if kind == QuestionType.TEXT.value:
        fresh = redacted.get(row.id)
        if fresh is not None:
            themes, sentiment = fresh.themes, fresh.sentiment
        if include_personal_data and row.text:
            answer = row.text
        else:
            answer = row.redacted if row.redacted is not None else (
                fresh.redacted if fresh is not None else "")
    else:
        answer = _answer(row.value)
    participant = ""  # an answer whose person was erased is nobody's
    if row.telegram_user_id is not None or row.web_key is not None:
        participant = names.get(row.participant_id) or pseudonym(
            secret_key, consultation.slug, pseudonym_source(row.telegram_user_id, row.web_key)
        )
        names[row.participant_id] = participant
    when: datetime = row.answered_at
    return visible_cells(ExportRow(
        participant=participant,
        role=row.role or "",
        language=row.language or "",
        round=row.round_key,
        question=row.question_key,
        answer=answer,
        answer_label=_label(question, row.value, consultation.default_language),
        themes=";".join(themes or ()) if kind == QuestionType.TEXT.value else "",
        sentiment=(sentiment or "") if kind == QuestionType.TEXT.value else "",
        answered_at=when.astimezone(zone).isoformat(),
        question_type=kind,
        when=when,
    ))


def _answer(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def _label(question: Question | None, value: Any, language: str) -> str:
    """Option text(s) in the default language; a scale's end label at its ends."""
    if question is None or value is None:
        return ""
    if question.type is QuestionType.SCALE:
        scale = question.scale
        if scale is None:
            return ""
        end = scale.min_label if value == scale.min else (
            scale.max_label if value == scale.max else None)
        return end.get(language) if end is not None else ""
    keys = value if isinstance(value, list | tuple) else [value]
    texts = []
    for key in keys:
        option = question.option(str(key))
        texts.append(option.text.get(language) if option is not None else str(key))
    return ";".join(texts)

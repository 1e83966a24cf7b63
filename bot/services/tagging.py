"""Tag free-text answers off the chat's path: claim a batch, tag it, save the tags.

Claims are committed before tagging, so several workers (threads or processes) never tag
one answer twice, and a worker that dies leaves claims that are handed out again later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.services.ports import UnitOfWorkFactory, id_of

log = logging.getLogger(__name__)
CLAIM_TIMEOUT = timedelta(minutes=10)


class Tags(Protocol):
    themes: list[str]
    evidence: dict[str, list[str]]
    sentiment: str
    redacted: str
    pii: list[dict[str, Any]]
    places: list[str]
    key_phrases: list[str]


class TextTagger(Protocol):
    model: str

    def tag_many(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None],
        contexts: Sequence[str | None] | None = None,
    ) -> Sequence[Tags]:
        ...


@dataclass(frozen=True)
class _Claimed:
    answer_id: int
    text: str
    language: str
    taxonomy: str | None
    question: str | None = None  # the question's text in the answer's language: a prior


class TaggingService:
    """`taggers(taxonomy)` gives the tagger for a consultation's theme taxonomy."""

    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        taggers: Callable[[str | None], TextTagger],
        worker: str,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = unit_of_work
        self._taggers = taggers
        self.worker = worker
        self._clock = clock

    def run_once(self, limit: int = 64) -> int:
        """Tag one batch; how many answers got tags (0 when the queue is empty)."""
        claimed = self._claim(limit)
        if not claimed:
            return 0
        saved = 0
        for taxonomy in {c.taxonomy for c in claimed}:
            group = [c for c in claimed if c.taxonomy == taxonomy]
            tagger = self._taggers(taxonomy)
            results = tagger.tag_many(
                [c.text for c in group], [c.language for c in group], [c.question for c in group]
            )
            saved += self._save(group, results, tagger.model)
        log.info("tagging.batch", extra={"claimed": len(claimed), "saved": saved})
        return saved

    def retag(self, slug: str) -> int:
        """Queue every text answer of a consultation for tagging again (after a new taxonomy)."""
        with self._uow() as uow:
            row = uow.consultations.get(slug)
            if row is None:
                raise LookupError(slug)
            rounds = [id_of(r) for r in uow.consultations.rounds(id_of(row))]
            count = int(uow.answers.requeue(rounds))
            uow.audit.append(None, "consultation.retag", {"slug": slug, "answers": count},
                             self._clock())
            uow.commit()
        return count

    def backlog(self) -> int:
        with self._uow() as uow:
            return int(uow.answers.backlog())

    def _claim(self, limit: int) -> list[_Claimed]:
        now = self._clock()
        with self._uow() as uow:
            rows = uow.answers.claim_untagged(
                limit, self.worker, now=now, reclaim_before=now - CLAIM_TIMEOUT
            )
            claimed = [self._describe(uow, row) for row in rows if row.text]
            uow.commit()
        return claimed

    @staticmethod
    def _describe(uow: Any, row: Any) -> _Claimed:
        round_row = uow.consultations.get_round(row.round_id)
        consultation = uow.consultations.get_by_id(round_row.consultation_id)
        language = consultation.default_language
        if row.participant_id is not None:
            enrolment = uow.participants.enrolment(row.participant_id, consultation.id)
            language = enrolment.language if enrolment is not None else language
        taxonomy = consultation.definition.get("themes")
        question = uow.consultations.question(row.question_id)
        text = _question_text(consultation.definition, round_row.key, question, language)
        return _Claimed(int(row.id), str(row.text), language, taxonomy, text)

    def _save(self, group: list[_Claimed], results: Sequence[Tags], model: str) -> int:
        saved = 0
        with self._uow() as uow:
            for claimed, tags in zip(group, results, strict=True):
                saved += bool(
                    uow.answers.save_tags(
                        claimed.answer_id,
                        worker=self.worker,
                        tagger=model,
                        themes=list(tags.themes),
                        sentiment=tags.sentiment,
                        evidence=tags.evidence,
                        redacted=tags.redacted,
                        pii=tags.pii,
                        places=tags.places,
                        key_phrases=tags.key_phrases,
                        tagged_at=self._clock(),
                    )
                )
            uow.commit()
        return saved


def _question_text(
    definition: dict[str, Any], round_key: str, question: Any, language: str
) -> str | None:
    """The question's text from the consultation definition, in `language` when it has it."""
    if question is None:
        return None
    for round_ in definition.get("rounds") or ():
        if round_.get("key") not in (None, round_key):
            continue
        for item in round_.get("questions") or ():
            if item.get("key") == question.key:
                text = item.get("text")
                if isinstance(text, dict):
                    text = text.get(language) or next(iter(text.values()), None)
                return str(text) if text else None
    return None

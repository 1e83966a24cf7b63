"""The queue of answers whose free text waits for the NLP tagger, and the tags it saves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select, update

from storage.dialects import is_postgresql
from storage.tables import AnswerRow, TagRow, utc_now


class AnswerTagging:
    """Claim untagged answers for a worker and save what it found (mixed into answers)."""

    _session: Session

    def claim_untagged(
        self,
        limit: int,
        worker: str,
        *,
        now: datetime | None = None,
        reclaim_before: datetime | None = None,
    ) -> list[AnswerRow]:
        """Claim up to `limit` answers waiting for tags; no two workers get the same one.

        PostgreSQL skips rows another transaction holds (FOR UPDATE SKIP LOCKED); SQLite
        transactions are serialised. Claims older than `reclaim_before` (a worker died)
        are handed out again.
        """
        now = now or utc_now()
        waiting = col(AnswerRow.tag_status) == "pending"
        if reclaim_before is not None:
            stale = (col(AnswerRow.tag_status) == "claimed") & (
                col(AnswerRow.claimed_at) < reclaim_before
            )
            waiting = waiting | stale
        candidates = select(AnswerRow.id).where(waiting).order_by(col(AnswerRow.id)).limit(limit)
        if is_postgresql(self._session):
            candidates = candidates.with_for_update(skip_locked=True)
        ids = [answer_id for answer_id in self._session.exec(candidates) if answer_id is not None]
        if not ids:
            return []
        self._session.exec(
            update(AnswerRow)
            .where(col(AnswerRow.id).in_(ids))
            .values(tag_status="claimed", claimed_at=now, claimed_by=worker)
            .execution_options(synchronize_session=False)
        )
        claimed = (
            select(AnswerRow)
            .where(col(AnswerRow.id).in_(ids))
            .order_by(col(AnswerRow.id))
            .execution_options(populate_existing=True)
        )
        return list(self._session.exec(claimed))

    def save_tags(
        self,
        answer_id: int,
        *,
        worker: str,
        tagger: str,
        themes: list[str],
        sentiment: str | None = None,
        evidence: Any = None,
        redacted: str | None = None,
        pii: Any = None,
        places: Any = None,
        key_phrases: Any = None,
        tagged_at: datetime | None = None,
    ) -> bool:
        """Store the tags of an answer `worker` claimed; False (nothing saved) if the claim
        was lost, e.g. because the participant changed the text meanwhile."""
        answer = self._session.get(
            AnswerRow, answer_id, with_for_update=True, populate_existing=True
        )
        if answer is None or answer.tag_status != "claimed" or answer.claimed_by != worker:
            return False
        tags = self._session.get(TagRow, answer_id) or TagRow(answer_id=answer_id, tagger=tagger)
        tags.themes, tags.sentiment, tags.evidence = list(themes), sentiment, evidence
        tags.redacted, tags.pii, tags.places = redacted, pii, places
        tags.key_phrases, tags.tagger = key_phrases, tagger
        tags.tagged_at = tagged_at or utc_now()
        self._session.add(tags)
        answer.tag_status = "done"
        self._session.flush()
        return True

    def tags(self, answer_id: int) -> TagRow | None:
        """The tags of one answer, if tagged."""
        return self._session.get(TagRow, answer_id)

    def tags_for_round(self, round_id: int) -> dict[int, TagRow]:
        """Answer id to tags, for the tagged answers of a round."""
        statement = (
            select(TagRow)
            .join(AnswerRow, col(AnswerRow.id) == col(TagRow.answer_id))
            .where(AnswerRow.round_id == round_id)
        )
        return {row.answer_id: row for row in self._session.exec(statement)}

    def requeue(self, round_ids: list[int]) -> int:
        """Put every answer with text in these rounds back in the tagging queue; how many."""
        if not round_ids:
            return 0
        statement = (
            update(AnswerRow)
            .where(col(AnswerRow.round_id).in_(round_ids), col(AnswerRow.text).is_not(None))
            .values(tag_status="pending", claimed_at=None, claimed_by=None)
            .execution_options(synchronize_session=False)
        )
        return int(self._session.exec(statement).rowcount)

    def backlog(self) -> int:
        """How many answers wait for tags (pending or claimed)."""
        waiting = col(AnswerRow.tag_status).in_(["pending", "claimed"])
        statement = select(func.count()).select_from(AnswerRow).where(waiting)
        return int(self._session.exec(statement).one())

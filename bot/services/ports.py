"""The small interfaces services need: a unit of work that opens a transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from storage.repositories.audiences import Contact
from storage.repositories.exports import AnswerForExport, ExportSelection
from storage.repositories.outbox_keys import Queued, StatusCount
from storage.repositories.results import Participation, QuoteCandidate, Tally, TextTally
from storage.tables import RoundRow


class UnitOfWork(Protocol):
    """One transaction with repositories; commit to keep, leave to roll back."""

    consultations: Any
    participants: Any
    sessions: Any
    answers: Any
    updates: Any
    audit: Any
    outbox: Any
    audiences: Any
    results: Any
    exports: Any
    prompts: Any

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...


class ResultsQueries(Protocol):
    def value_tallies(self, consultation_id: int,
                      question_ids: Sequence[int]) -> dict[int, list[Tally]]: ...
    def text_tallies(self, consultation_id: int,
                     question_ids: Sequence[int]) -> dict[int, list[TextTally]]: ...
    def phrase_counts(self, question_ids: Sequence[int], min_count: int,
                      limit: int = 10) -> dict[int, list[tuple[str, int]]]: ...
    def quote_candidates(self, consultation_id: int, question_id: int, shortest: int,
                         longest: int, limit: int,
                         with_groups: bool = True) -> list[QuoteCandidate]: ...
    def participation(self, consultation_id: int, round_id: int,
                      required: Iterable[int]) -> list[Participation]: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class StoredRow(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(row: StoredRow) -> int:
    """The id of a row read from the database (only a row not yet flushed has none)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it is not stored yet")
    return row.id


__all__ = [
    "AnswerForExport",
    "Contact",
    "ExportSelection",
    "Participation",
    "Queued",
    "QuoteCandidate",
    "ResultsQueries",
    "RoundRow",
    "StatusCount",
    "Tally",
    "TextTally",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "id_of",
]

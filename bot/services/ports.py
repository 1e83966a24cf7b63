"""The small interfaces services need: a unit of work that opens a transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from storage.repositories.audiences import Contact
from storage.repositories.outbox_keys import Queued, StatusCount
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

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...


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
    "Contact",
    "Queued",
    "RoundRow",
    "StatusCount",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "id_of",
]

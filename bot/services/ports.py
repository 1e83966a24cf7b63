"""The small interfaces services need: a unit of work that opens a transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from storage.repositories.outbox_keys import Queued, StatusCount


class UnitOfWork(Protocol):
    """One transaction with repositories; commit to keep, leave to roll back."""

    consultations: Any
    participants: Any
    sessions: Any
    answers: Any
    updates: Any
    audit: Any
    outbox: Any

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


__all__ = ["Queued", "StatusCount", "UnitOfWork", "UnitOfWorkFactory"]

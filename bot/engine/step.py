"""The result of one engine step: the new session and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.engine.events import Event, Rejected
from bot.engine.session import Session


@dataclass(frozen=True)
class Step:
    session: Session
    events: tuple[Event, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        """Whether this step is one the service must store."""
        return not all(isinstance(e, Rejected) for e in self.events)


class Availability(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"

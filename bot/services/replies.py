"""What a service hands back to a front end: events to render, in which language."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.engine.events import Event
from bot.engine.model import Consultation


class Outcome(StrEnum):
    HANDLED = "handled"
    DUPLICATE = "duplicate"
    NO_CONSULTATION = "no_consultation"
    NOT_FOUND = "not_found"
    PROMPTED = "prompted"
    """The bot asked this person to type something else (staff: a code); nothing stored."""


@dataclass(frozen=True)
class Reply:
    outcome: Outcome
    language: str
    consultation: Consultation | None = None
    events: tuple[Event, ...] = field(default_factory=tuple)
    anchor: tuple[int, str] | None = None
    """(message id, question key) of the chat's question message, when the caller asked."""

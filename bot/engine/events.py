"""What the engine asks the outside world to do: say, ask, record, remove."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.engine.messages import MessageKey
from bot.engine.model import Question
from bot.engine.values import AnswerValue

Param = str | int | datetime


@dataclass(frozen=True)
class Say:
    """A message from the catalogue, in the participant's language."""

    key: MessageKey
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    """The input did not fit; nothing changed. Says why, politely."""

    key: MessageKey
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class AskConsent:
    languages: tuple[str, ...]


@dataclass(frozen=True)
class AskLanguage:
    languages: tuple[str, ...]


@dataclass(frozen=True)
class AskRole:
    roles: tuple[str, ...]


@dataclass(frozen=True)
class AskQuestion:
    """Show a question; `refresh` means update the question already on screen."""

    question: Question
    number: int
    total: int
    draft: tuple[str, ...] = ()
    current: AnswerValue | None = None
    can_go_back: bool = False
    refresh: bool = False


@dataclass(frozen=True)
class ConsentRecorded:
    given: bool


@dataclass(frozen=True)
class ProfileChosen:
    """Language or role changed; the service keeps them on the enrolment."""

    language: str | None
    role: str | None
    by_person: bool = True
    """False when nothing was asked (a consultation with one role only)."""


@dataclass(frozen=True)
class AnswerRecorded:
    question: Question
    value: AnswerValue


@dataclass(frozen=True)
class AnswerRemoved:
    question: Question


@dataclass(frozen=True)
class Skipped:
    """An optional question was skipped (nothing is stored for it)."""

    question: Question


@dataclass(frozen=True)
class Kept:
    """The earlier answer to a question was kept as it was."""

    question: Question
    value: AnswerValue


@dataclass(frozen=True)
class RoundFinished:
    round: str
    closes: datetime | None


Event = (
    Say | Rejected | AskConsent | AskLanguage | AskRole | AskQuestion | ConsentRecorded
    | ProfileChosen | AnswerRecorded | AnswerRemoved | Skipped | Kept | RoundFinished
)

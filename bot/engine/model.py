"""The consultation as the engine sees it: plain, frozen, typed values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    SCALE = "scale"
    RANK = "rank"
    TEXT = "text"
    YESNO = "yesno"


CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTI, QuestionType.YESNO})
DEFAULT_MAX_LENGTH = 2000
DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class LocalText:
    """A text in one or more languages; `get` falls back to the default language."""

    by_language: Mapping[str, str]
    default_language: str = "en"

    def get(self, language: str) -> str:
        if language in self.by_language:
            return self.by_language[language]
        if self.default_language in self.by_language:
            return self.by_language[self.default_language]
        return next(iter(self.by_language.values()), "")

    @classmethod
    def same(cls, text: str, default_language: str = "en") -> LocalText:
        return cls({default_language: text}, default_language)


@dataclass(frozen=True)
class Option:
    key: str
    text: LocalText
    exclusive: bool = False
    """In a multiple choice, chosen only on its own ("Nothing stops me")."""


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    min_label: LocalText | None = None
    max_label: LocalText | None = None

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(range(self.min, self.max + 1))


@dataclass(frozen=True)
class Condition:
    """`when` skip logic: ask the question only if an earlier answer fits."""

    question: str
    any_of: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    answered: bool | None = None


@dataclass(frozen=True)
class Question:
    key: str
    type: QuestionType
    text: LocalText
    options: tuple[Option, ...] = ()
    required: bool = True
    max_length: int = DEFAULT_MAX_LENGTH
    min_choices: int | None = None
    max_choices: int | None = None
    rank_top: int | None = None
    scale: Scale | None = None
    when: Condition | None = None

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    @property
    def rank_count(self) -> int:
        """How many options a complete ranking holds."""
        if self.rank_top is None:
            return len(self.options)
        return min(self.rank_top, len(self.options))


@dataclass(frozen=True)
class Round:
    key: str
    title: LocalText
    questions: tuple[Question, ...]
    intro: LocalText | None = None
    opens: datetime | None = None
    closes: datetime | None = None
    reminders: tuple[timedelta, ...] = ()
    draft: bool = False
    """Imported but not opened by an officer: not open to residents, whatever the times."""

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def index_of(self, key: str) -> int:
        return next(i for i, q in enumerate(self.questions) if q.key == key)


@dataclass(frozen=True)
class Consultation:
    slug: str
    title: LocalText
    languages: tuple[str, ...]
    audience: tuple[str, ...]
    rounds: tuple[Round, ...]
    summary: LocalText | None = None
    themes: str | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS
    privacy: PrivacyNotice | None = None

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def round(self, key: str) -> Round | None:
        return next((r for r in self.rounds if r.key == key), None)


@dataclass(frozen=True)
class PrivacyNotice:
    """Who holds the data and how to reach them; the rest of the notice is in the catalogue."""

    controller: LocalText
    contact: str
    extra: Mapping[str, str] = field(default_factory=dict)

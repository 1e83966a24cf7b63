"""The results of a consultation as plain data: counts, breakdowns, themes and quotes.

Every count of people is a `Count`; a hidden one carries no number at all, so nothing
downstream (charts, report, chat) can leak it by mistake.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.engine.model import LocalText

SMALL = "small"  # fewer than the minimum group size
COMPLEMENT = "complement"  # hidden so that a small group cannot be worked out by subtraction


@dataclass(frozen=True)
class Count:
    """A number of people (or points), or the reason it is hidden."""

    value: int | None
    hidden: str | None = None

    @property
    def shown(self) -> bool:
        return self.hidden is None

    @classmethod
    def of(cls, value: int, hidden: str | None) -> Count:
        return cls(None, hidden) if hidden else cls(value)


@dataclass(frozen=True)
class OptionResult:
    """One option (or scale point, or theme): how many chose it, and its share of answers."""

    key: str
    label: LocalText
    count: Count
    share: float | None
    points: Count | None = None  # rank: Borda points (top = N points ... N-th = 1)
    first: Count | None = None  # rank: how many put it first


@dataclass(frozen=True)
class GroupResult:
    """One role or language group of a breakdown; `counts` is keyed like the options."""

    key: str
    label: LocalText
    respondents: Count
    counts: Mapping[str, Count] = field(default_factory=dict)
    mean: float | None = None
    median: float | None = None

    @property
    def hidden(self) -> bool:
        return not self.respondents.shown

    def share(self, key: str) -> float | None:
        count = self.counts.get(key)
        total = self.respondents.value
        if count is None or count.value is None or not total:
            return None
        return count.value / total


@dataclass(frozen=True)
class Breakdown:
    """The answers split by "role" or by "language"."""

    by: str
    groups: tuple[GroupResult, ...]

    @property
    def shown(self) -> tuple[GroupResult, ...]:
        return tuple(g for g in self.groups if not g.hidden)


@dataclass(frozen=True)
class ScaleSummary:
    min: int
    max: int
    min_label: LocalText | None
    max_label: LocalText | None
    mean: float | None
    median: float | None


@dataclass(frozen=True)
class ThemeResult:
    key: str
    label: LocalText
    count: Count
    share: float | None
    sentiment: Mapping[str, Count]
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextSummary:
    """What the tagger found in a text question's answers (redacted quotes only)."""

    tagged: int
    waiting: int  # answers the tagger has not reached yet
    themes: tuple[ThemeResult, ...]
    sentiment: Mapping[str, Count]
    phrases: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class QuestionResult:
    round: str
    key: str
    type: str
    wording: LocalText
    respondents: Count
    options: tuple[OptionResult, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()
    scale: ScaleSummary | None = None
    text: TextSummary | None = None

    @property
    def hidden(self) -> bool:
        return not self.respondents.shown

    def breakdown(self, by: str) -> Breakdown | None:
        return next((b for b in self.breakdowns if b.by == by), None)


@dataclass(frozen=True)
class RoundResult:
    key: str
    title: LocalText
    respondents: Count
    completed: Count  # answered every question everyone is asked
    breakdowns: tuple[Breakdown, ...]  # counts keyed "respondents" and "completed"
    questions: tuple[QuestionResult, ...]

    def question(self, key: str) -> QuestionResult:
        return next(q for q in self.questions if q.key == key)


@dataclass(frozen=True)
class Results:
    slug: str
    title: LocalText
    languages: tuple[str, ...]
    min_group: int
    generated_at: datetime
    rounds: tuple[RoundResult, ...]
    taxonomy: str = "default"

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def round(self, key: str) -> RoundResult:
        return next(r for r in self.rounds if r.key == key)

    def question(self, round_key: str, key: str) -> QuestionResult:
        return self.round(round_key).question(key)

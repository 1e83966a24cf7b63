"""Playing inputs through the engine, and building small consultations to test it with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from bot.consultations import load_file
from bot.engine import Profile, Session, Step, resume, start
from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.model import (
    Condition,
    Consultation,
    LocalText,
    Option,
    Question,
    QuestionType,
    Round,
    Scale,
)
from bot.engine.values import AnswerValue

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "config" / "consultations"
FIXTURES = ROOT / "tests" / "fixtures" / "consultations"
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
T = TypeVar("T")


def shipped(slug: str) -> Consultation:
    return load_file(SHIPPED / f"{slug}.yaml").consultation


# --- playing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Played:
    """Every step of a play, first (start) to last."""

    consultation: Consultation
    steps: tuple[Step, ...]

    @property
    def last(self) -> Step:
        return self.steps[-1]

    @property
    def session(self) -> Session:
        return self.last.session

    @property
    def events(self) -> list[e.Event]:
        return [event for step in self.steps for event in step.events]

    def then(self, *inputs: i.Input, now: datetime = NOW) -> Played:
        steps = list(self.steps)
        for given in inputs:
            steps.append(resume(self.consultation, steps[-1].session, given, now))
        return Played(self.consultation, tuple(steps))


def play(
    consultation: Consultation,
    *inputs: i.Input,
    round_key: str | None = None,
    now: datetime = NOW,
    language: str | None = None,
    profile: Profile | None = None,
) -> Played:
    """Start the round (the first by default) and resume it with each input in turn."""
    key = round_key or consultation.rounds[0].key
    first = start(consultation, key, now, language=language, profile=profile)
    return Played(consultation, (first,)).then(*inputs, now=now)


def answering(
    consultation: Consultation,
    round_key: str | None = None,
    language: str = "en",
    role: str | None = None,
    now: datetime = NOW,
) -> Played:
    """Consent, pick the language and the role: the first question is on screen."""
    played = play(consultation, i.Consent(True), round_key=round_key, now=now)
    if len(consultation.languages) > 1:
        played = played.then(i.PickLanguage(language), now=now)
    if len(consultation.audience) > 1:
        played = played.then(i.PickRole(role or consultation.audience[0]), now=now)
    return played


def of_type(events: Iterable[object], kind: type[T]) -> list[T]:
    return [event for event in events if isinstance(event, kind)]


def asked(step: Step) -> e.AskQuestion:
    """The question the step shows; fails the test when it shows none."""
    questions = of_type(step.events, e.AskQuestion)
    assert questions, f"expected a question, got {step.events}"
    return questions[-1]


def refusal(step: Step) -> e.Rejected:
    """The step's one refusal; fails the test unless the step is exactly one refusal."""
    assert len(step.events) == 1 and isinstance(step.events[0], e.Rejected), step.events
    return step.events[0]


def recorded(step: Step) -> dict[str, AnswerValue]:
    return {event.question.key: event.value for event in of_type(step.events, e.AnswerRecorded)}


def removed(step: Step) -> list[str]:
    return [event.question.key for event in of_type(step.events, e.AnswerRemoved)]


# --- building small consultations ----------------------------------------------------------


def _text(words: str) -> LocalText:
    return LocalText({"en": words, "cy": f"{words} (cy)"}, "en")


def _options(keys: Iterable[str]) -> tuple[Option, ...]:
    return tuple(Option(key, _text(f"Option {key}")) for key in keys)


def single(
    key: str, *options: str, required: bool = True, when: Condition | None = None
) -> Question:
    return Question(
        key,
        QuestionType.SINGLE,
        _text(f"Question {key}?"),
        _options(options or "abc"),
        required=required,
        when=when,
    )


def multi(
    key: str,
    *options: str,
    min_choices: int | None = None,
    max_choices: int | None = None,
    required: bool = True,
    when: Condition | None = None,
) -> Question:
    return Question(
        key,
        QuestionType.MULTI,
        _text(f"Question {key}?"),
        _options(options or "abcd"),
        required=required,
        min_choices=min_choices,
        max_choices=max_choices,
        when=when,
    )


def scale(
    key: str, low: int = 1, high: int = 5, required: bool = True, when: Condition | None = None
) -> Question:
    return Question(
        key,
        QuestionType.SCALE,
        _text(f"Question {key}?"),
        scale=Scale(low, high, _text("Low"), _text("High")),
        required=required,
        when=when,
    )


def rank(
    key: str, *options: str, top: int | None = None, when: Condition | None = None
) -> Question:
    return Question(
        key,
        QuestionType.RANK,
        _text(f"Question {key}?"),
        _options(options or "abcd"),
        rank_top=top,
        when=when,
    )


def text(
    key: str, max_length: int = 2000, required: bool = True, when: Condition | None = None
) -> Question:
    return Question(
        key,
        QuestionType.TEXT,
        _text(f"Question {key}?"),
        max_length=max_length,
        required=required,
        when=when,
    )


def yesno(key: str, required: bool = True, when: Condition | None = None) -> Question:
    options = (
        Option("yes", LocalText({"en": "Yes", "cy": "Ie"})),
        Option("no", LocalText({"en": "No", "cy": "Na"})),
    )
    return Question(
        key, QuestionType.YESNO, _text(f"Question {key}?"), options, required=required, when=when
    )


def consultation(
    *questions: Question,
    languages: tuple[str, ...] = ("en",),
    audience: tuple[str, ...] = ("resident",),
    opens: datetime | None = None,
    closes: datetime | None = None,
) -> Consultation:
    """One round, `only`, holding the questions."""
    only = Round(
        "only", _text("The round"), questions, intro=_text("Intro."), opens=opens, closes=closes
    )
    return Consultation("test", _text("Test"), languages, audience, (only,))


def with_round_times(
    consultation: Consultation, round_key: str, opens: datetime | None, closes: datetime | None
) -> Consultation:
    rounds = tuple(
        replace(r, opens=opens, closes=closes) if r.key == round_key else r
        for r in consultation.rounds
    )
    return replace(consultation, rounds=rounds)

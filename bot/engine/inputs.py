"""What a participant can do, as the engine understands it (no framework types)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Begin:
    """Open the round: show the next step (consent, language, role or a question)."""


@dataclass(frozen=True)
class Resume:
    """Show again exactly where the participant stopped."""


@dataclass(frozen=True)
class Consent:
    given: bool


@dataclass(frozen=True)
class PickLanguage:
    language: str


@dataclass(frozen=True)
class PickRole:
    role: str


@dataclass(frozen=True)
class Text:
    """Typed text: a free-text answer, or a typed choice such as "2" or "1, 3"."""

    text: str


@dataclass(frozen=True)
class Choose:
    """A tap on a button of `question` (an option key, or a scale number)."""

    question: str
    value: str


@dataclass(frozen=True)
class Done:
    """Finish a multiple choice."""

    question: str


@dataclass(frozen=True)
class Clear:
    """Start a multiple choice or a ranking again."""

    question: str


@dataclass(frozen=True)
class Keep:
    """Keep the answer already given to `question` and go on."""

    question: str


@dataclass(frozen=True)
class Skip:
    question: str | None = None


@dataclass(frozen=True)
class Back:
    """Go back to the question before, to change its answer."""


@dataclass(frozen=True)
class Unsupported:
    """A message the engine cannot read as an answer: a sticker, photo, voice note..."""

    kind: str


@dataclass(frozen=True)
class Submit:
    """A whole answer to `question` at once, as a form sends it: the typed text, the scale
    number, the option chosen, every option ticked, or the options in ranked order."""

    question: str
    values: tuple[str, ...]


Input = (
    Begin | Resume | Consent | PickLanguage | PickRole | Text | Choose | Done | Clear | Keep
    | Skip | Back | Submit | Unsupported
)

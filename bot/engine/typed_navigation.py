"""Navigation typed instead of tapped: "skip", "hepgor", "back", "yn ôl", "done", "gorffen"."""

from __future__ import annotations

from bot.engine import inputs as i
from bot.engine.model import Question, QuestionType
from bot.engine.reading import folded

BACK_WORDS = frozenset({"back", "go back", "yn ôl", "yn ol", "nôl", "nol", "'nôl", "'nol"})
SKIP_WORDS = frozenset({"skip", "hepgor", "hepgorer"})
DONE_WORDS = frozenset({"done", "finished", "gorffen", "wedi gorffen"})


def typed_navigation(question: Question, text: str) -> i.Input | None:
    """The Back, Skip or Done a whole typed message means, in either language; None when it
    is an answer. "Done" only finishes a multiple choice (elsewhere it is an answer)."""
    word = folded(text).rstrip(".!")
    if word in BACK_WORDS:
        return i.Back()
    if word in SKIP_WORDS:
        return i.Skip(question.key)
    if word in DONE_WORDS and question.type is QuestionType.MULTI:
        return i.Done(question.key)
    return None

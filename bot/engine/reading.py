"""Reading an answer: turn a tap or typed text into a value, a draft, or a polite refusal."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.engine.messages import MessageKey
from bot.engine.model import Question, QuestionType
from bot.engine.values import AnswerValue

YES_WORDS = frozenset({"yes", "y", "ie", "do", "oes", "ydw", "ydy"})
NO_WORDS = frozenset({"no", "n", "na", "naddo", "nac oes", "nac ydw", "nac ydy"})
_SEPARATORS = re.compile(r"[,;\s]+")
# Phones often type curly apostrophes ("Rwy’n"); the options and words here use straight ones.
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class Accept:
    value: AnswerValue


@dataclass(frozen=True)
class Draft:
    """A multiple choice or ranking in progress."""

    draft: tuple[str, ...]


@dataclass(frozen=True)
class Refuse:
    key: MessageKey
    params: Mapping[str, str | int] = field(default_factory=dict)


Outcome = Accept | Draft | Refuse


def read_tap(question: Question, value: str, draft: tuple[str, ...]) -> Outcome:
    """A button of this question was tapped."""
    kind = question.type
    if kind is QuestionType.TEXT:
        return Refuse(MessageKey.TYPE_YOUR_ANSWER)
    if kind is QuestionType.SCALE:
        number = _as_int(value)
        return _read_number(question, number) if number is not None else _pick_refusal(question)
    if question.option(value) is None:
        return _pick_refusal(question)
    if kind is QuestionType.MULTI:
        return _toggle(question, value, draft)
    if kind is QuestionType.RANK:
        return _rank_next(question, value, draft)
    return Accept(value)


def read_text(question: Question, text: str, draft: tuple[str, ...]) -> Outcome:
    """Typed text: the answer itself for a text question, else a typed choice."""
    stripped = text.strip()
    kind = question.type
    if kind is QuestionType.TEXT:
        if not stripped:  # an optional question can be skipped: say so
            optional = not question.required
            return Refuse(MessageKey.TEXT_EMPTY_OPTIONAL if optional else MessageKey.TEXT_EMPTY)
        if len(stripped) > question.max_length:
            return Refuse(
                MessageKey.TEXT_TOO_LONG, {"max": question.max_length, "length": len(stripped)}
            )
        return Accept(stripped)
    if kind is QuestionType.SCALE:
        number = _as_int(stripped)
        return _read_number(question, number) if number is not None else _pick_refusal(question)
    if kind is QuestionType.YESNO:
        word = folded(stripped).rstrip(".!")
        if word in YES_WORDS:
            return Accept("yes")
        if word in NO_WORDS:
            return Accept("no")
    keys = _typed_options(question, stripped)
    if keys is None:
        return _pick_refusal(question)
    if kind is QuestionType.MULTI:
        return finish_multi(question, tuple(dict.fromkeys(keys)))
    if kind is QuestionType.RANK:
        return _typed_ranking(question, keys, draft)
    if len(keys) != 1:
        return _pick_refusal(question)
    return Accept(keys[0])


def read_submit(question: Question, values: tuple[str, ...]) -> Outcome:
    """A whole answer from a form: every check a typed or tapped answer gets, at once."""
    kind = question.type
    if kind is QuestionType.TEXT:
        return read_text(question, values[0], ()) if len(values) == 1 else Refuse(
            MessageKey.TEXT_EMPTY
        )
    if kind is QuestionType.SCALE:
        number = _as_int(values[0]) if len(values) == 1 else None
        return _read_number(question, number) if number is not None else _pick_refusal(question)
    chosen = tuple(dict.fromkeys(values))
    if not chosen or len(chosen) != len(values) or any(question.option(k) is None for k in chosen):
        if kind is QuestionType.MULTI and not values:
            return finish_multi(question, ())
        return _pick_refusal(question)
    if kind is QuestionType.MULTI:
        return finish_multi(question, chosen)
    if kind is QuestionType.RANK:
        return _complete_ranking(question, chosen)
    return Accept(chosen[0]) if len(chosen) == 1 else _pick_refusal(question)


def _complete_ranking(question: Question, ranked: tuple[str, ...]) -> Outcome:
    """A ranking given whole: all of it (the last option may be left to fill itself in)."""
    remaining = [o.key for o in question.options if o.key not in ranked]
    if question.rank_top is None and len(remaining) == 1:
        ranked = (*ranked, remaining[0])
    if len(ranked) != question.rank_count:
        return Refuse(MessageKey.RANK_OPTIONS, {"count": question.rank_count})
    return Accept(ranked)


def finish_multi(question: Question, chosen: tuple[str, ...]) -> Outcome:
    """Check a multiple choice against its minimum, its maximum and its exclusive options."""
    if len(chosen) > 1:
        for number, option in enumerate(question.options, start=1):
            if option.exclusive and option.key in chosen:
                return Refuse(MessageKey.EXCLUSIVE_CHOICE, {"number": number})
    low = question.min_choices if question.min_choices is not None else 1
    if len(chosen) < low:
        return Refuse(MessageKey.TOO_FEW_CHOICES, {"min": low})
    high = question.max_choices
    if high is not None and len(chosen) > high:
        return Refuse(MessageKey.TOO_MANY_CHOICES, {"max": high})
    ordered = tuple(o.key for o in question.options if o.key in chosen)
    return Accept(ordered)


def _toggle(question: Question, key: str, draft: tuple[str, ...]) -> Outcome:
    """Tap to add or remove; an exclusive option and the others replace each other."""
    if key in draft:
        return Draft(tuple(k for k in draft if k != key))
    tapped = question.option(key)
    if tapped is not None and tapped.exclusive:
        return Draft((key,))
    draft = tuple(k for k in draft if not _is_exclusive(question, k))
    if question.max_choices is not None and len(draft) >= question.max_choices:
        return Refuse(MessageKey.TOO_MANY_CHOICES, {"max": question.max_choices})
    return Draft((*draft, key))


def _is_exclusive(question: Question, key: str) -> bool:
    option = question.option(key)
    return option is not None and option.exclusive


def _rank_next(question: Question, key: str, draft: tuple[str, ...]) -> Outcome:
    if key in draft:
        return Refuse(MessageKey.ALREADY_RANKED)
    ranked = (*draft, key)
    remaining = [o.key for o in question.options if o.key not in ranked]
    if question.rank_top is None and len(remaining) == 1:
        ranked = (*ranked, remaining[0])
    if len(ranked) >= question.rank_count:
        return Accept(ranked)
    return Draft(ranked)


def _typed_ranking(question: Question, keys: list[str], draft: tuple[str, ...]) -> Outcome:
    outcome: Outcome = Draft(draft)
    for key in keys:
        if not isinstance(outcome, Draft):
            break
        outcome = _rank_next(question, key, outcome.draft)
    return outcome


def _read_number(question: Question, number: int) -> Outcome:
    scale = question.scale
    assert scale is not None, "a scale question always has a scale"
    if not scale.min <= number <= scale.max:
        return Refuse(MessageKey.NUMBER_OUT_OF_RANGE, {"min": scale.min, "max": scale.max})
    return Accept(number)


def _pick_refusal(question: Question) -> Refuse:
    if question.type is QuestionType.SCALE:
        assert question.scale is not None
        return Refuse(
            MessageKey.NUMBER_OUT_OF_RANGE, {"min": question.scale.min, "max": question.scale.max}
        )
    if question.type is QuestionType.MULTI:
        return Refuse(MessageKey.PICK_OPTIONS, {"count": len(question.options)})
    if question.type is QuestionType.RANK:
        return Refuse(MessageKey.RANK_OPTIONS, {"count": question.rank_count})
    return Refuse(MessageKey.PICK_AN_OPTION, {"count": len(question.options)})


def _typed_options(question: Question, text: str) -> list[str] | None:
    """Option keys named by typed numbers ("1, 3"), keys, or an option's whole text."""
    lowered = folded(text)
    for option in question.options:
        texts = {folded(t) for t in option.text.by_language.values()}
        if lowered in texts or lowered == option.key.casefold():
            return [option.key]
    tokens = [t for t in _SEPARATORS.split(text) if t]
    if not tokens:
        return None
    keys: list[str] = []
    for token in tokens:
        number = _as_int(token)
        if number is None or not 1 <= number <= len(question.options):
            return None
        keys.append(question.options[number - 1].key)
    return keys


def folded(text: str) -> str:
    """Typed text as compared: trimmed, case-blind, with straight apostrophes."""
    return text.strip().casefold().translate(_APOSTROPHES)


def _as_int(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"[+-]?[0-9]{1,6}", text, flags=re.ASCII):
        return int(text)
    return None

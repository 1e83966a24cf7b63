"""Answer values: an option key, several keys in order, a number, or free text."""

from __future__ import annotations

from bot.engine.model import Question, QuestionType

AnswerValue = str | int | tuple[str, ...]


def value_to_json(value: AnswerValue) -> str | int | list[str]:
    return list(value) if isinstance(value, tuple) else value


def value_from_json(data: object) -> AnswerValue:
    if isinstance(data, bool):
        raise ValueError("a boolean is not an answer value")
    if isinstance(data, list):
        if not all(isinstance(item, str) for item in data):
            raise ValueError("an answer list holds option keys only")
        return tuple(data)
    if isinstance(data, str | int):
        return data
    raise ValueError(f"a {type(data).__name__} is not an answer value")  # never quote it


def fits(question: Question, value: AnswerValue) -> bool:
    """Whether `value` is a well-formed answer to `question` (used when loading sessions)."""
    keys = {o.key for o in question.options}
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.YESNO):
        return isinstance(value, str) and value in keys
    if kind is QuestionType.MULTI:
        alone = {o.key for o in question.options if o.exclusive}
        return (
            isinstance(value, tuple)
            and set(value) <= keys
            and len(set(value)) == len(value)
            and (len(value) == 1 or not alone & set(value))
        )
    if kind is QuestionType.RANK:
        return (
            isinstance(value, tuple)
            and set(value) <= keys
            and len(set(value)) == len(value) == question.rank_count
        )
    if kind is QuestionType.SCALE:
        scale = question.scale
        return isinstance(value, int) and scale is not None and scale.min <= value <= scale.max
    return isinstance(value, str) and 0 < len(value) <= question.max_length

"""`when` skip logic: whether a question applies, given the answers so far."""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine.model import Condition, Question
from bot.engine.values import AnswerValue


def condition_holds(condition: Condition, answers: Mapping[str, AnswerValue]) -> bool:
    """True when the earlier answer meets every test the condition names."""
    value = answers.get(condition.question)
    if condition.answered is not None and (value is not None) != condition.answered:
        return False
    if condition.any_of:
        chosen = set(value) if isinstance(value, tuple) else {value}
        if not chosen & set(condition.any_of):
            return False
    if condition.min is not None or condition.max is not None:
        if not isinstance(value, int):
            return False
        if condition.min is not None and value < condition.min:
            return False
        if condition.max is not None and value > condition.max:
            return False
    return True


def applies(question: Question, answers: Mapping[str, AnswerValue]) -> bool:
    return question.when is None or condition_holds(question.when, answers)

"""The answering stage: one input against the current question."""

from __future__ import annotations

from bot.engine import inputs as i
from bot.engine.events import Kept, Rejected
from bot.engine.messages import MessageKey
from bot.engine.model import Question, QuestionType, Round
from bot.engine.navigation import ask_current, move_to, record, remove_and_move
from bot.engine.reading import (
    Accept,
    Draft,
    Outcome,
    Refuse,
    finish_multi,
    read_submit,
    read_tap,
    read_text,
)
from bot.engine.session import Session
from bot.engine.step import Step
from bot.engine.typed_navigation import typed_navigation
from bot.engine.values import fits


def answer(round_: Round, session: Session, given: i.Input) -> Step:
    """Apply `given` to the current question: record, update a draft, navigate or refuse."""
    question = round_.question(session.current) if session.current else None
    if question is None:
        return move_to(round_, session.evolve(path=session.path[:-1]), None)
    if isinstance(given, i.Text) and (navigation := typed_navigation(question, given.text)):
        given = navigation  # "skip", "hepgor", "yn ôl" typed: the same as the button
    if isinstance(given, i.Begin | i.Resume):
        return Step(session, (ask_current(round_, session),))
    if isinstance(given, i.Back):
        return _back(round_, session)
    if _is_stale(given, question):
        return _refuse(session, Refuse(MessageKey.STALE_BUTTON))
    match given:
        case i.Choose(value=value):
            return _apply(round_, session, question, read_tap(question, value, session.draft))
        case i.Text(text=text):
            return _apply(round_, session, question, read_text(question, text, session.draft))
        case i.Submit(values=values):
            return _apply(round_, session, question, read_submit(question, values))
        case i.Done():
            return _done(round_, session, question)
        case i.Clear():
            cleared = session.evolve(draft=())
            return Step(cleared, (ask_current(round_, cleared, refresh=True),))
        case i.Keep():
            kept = session.answers.get(question.key)
            if kept is None or not fits(question, kept):
                return _refuse(session, Refuse(MessageKey.NOTHING_TO_KEEP))
            moved = move_to(round_, session, question.key)
            return Step(moved.session, (Kept(question, kept), *moved.events))
        case i.Skip():
            if question.required:
                return _refuse(session, Refuse(MessageKey.QUESTION_REQUIRED))
            return remove_and_move(round_, session, question)
    return _refuse(session, Refuse(MessageKey.STALE_BUTTON))


def _is_stale(given: i.Input, question: Question) -> bool:
    """A button of another question (an old message, or forged data)."""
    if isinstance(given, i.Choose | i.Done | i.Clear | i.Keep | i.Submit):
        return given.question != question.key
    if isinstance(given, i.Skip):
        return given.question is not None and given.question != question.key
    return False


def _apply(round_: Round, session: Session, question: Question, outcome: Outcome) -> Step:
    if isinstance(outcome, Accept):
        return record(round_, session, question, outcome.value)
    if isinstance(outcome, Draft):
        drafted = session.evolve(draft=outcome.draft)
        return Step(drafted, (ask_current(round_, drafted, refresh=True),))
    return _refuse(session, outcome)


def _done(round_: Round, session: Session, question: Question) -> Step:
    if question.type is not QuestionType.MULTI:
        return _refuse(session, Refuse(MessageKey.STALE_BUTTON))
    return _apply(round_, session, question, finish_multi(question, session.draft))


def _back(round_: Round, session: Session) -> Step:
    if len(session.path) <= 1:
        return _refuse(session, Refuse(MessageKey.NOTHING_BEFORE))
    path = session.path[:-1]
    moved = session.evolve(path=path, current=path[-1], draft=())
    return Step(moved, (ask_current(round_, moved),))


def _refuse(session: Session, refusal: Refuse) -> Step:
    return Step(session, (Rejected(refusal.key, dict(refusal.params)),))

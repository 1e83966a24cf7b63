"""Moving through a round: which question comes next, asking it, recording, finishing."""

from __future__ import annotations

from datetime import datetime

from bot.engine.conditions import applies
from bot.engine.events import (
    AnswerRecorded,
    AnswerRemoved,
    AskQuestion,
    Event,
    RoundFinished,
    Say,
    Skipped,
)
from bot.engine.messages import MessageKey
from bot.engine.model import Question, Round
from bot.engine.session import Session, Stage
from bot.engine.step import Availability, Step
from bot.engine.values import AnswerValue


def availability(round_: Round, now: datetime) -> Availability:
    """Open between `opens` (inclusive) and `closes` (exclusive); no time means no limit.
    A draft is not open yet, whatever its times."""
    if round_.draft:
        return Availability.NOT_OPEN
    if round_.opens is not None and now < round_.opens:
        return Availability.NOT_OPEN
    if round_.closes is not None and now >= round_.closes:
        return Availability.CLOSED
    return Availability.OPEN


def next_question(round_: Round, session: Session, after: str | None) -> Question | None:
    """The first question after `after` (or the first of all) whose `when` holds."""
    start = 0 if after is None else round_.index_of(after) + 1
    for question in round_.questions[start:]:
        if applies(question, session.answers):
            return question
    return None


def ask_current(round_: Round, session: Session, refresh: bool = False) -> AskQuestion:
    assert session.current is not None, "asking needs a current question"
    question = round_.question(session.current)
    assert question is not None, "the current question belongs to the round"
    here = round_.index_of(question.key)
    later = round_.questions[here + 1 :]
    remaining = sum(1 for q in later if _may_apply(round_, q, session, here))
    return AskQuestion(
        question=question,
        number=len(session.path),
        total=len(session.path) + remaining,
        draft=session.draft,
        current=session.answers.get(question.key),
        can_go_back=len(session.path) > 1,
        refresh=refresh,
    )


def _may_apply(round_: Round, question: Question, session: Session, here: int) -> bool:
    """Counted in 'Question n of m' unless its condition is already known to fail."""
    if question.when is None or applies(question, session.answers):
        return True
    target = question.when.question
    undecided = target not in session.answers and round_.index_of(target) >= here
    return undecided


def enter_round(round_: Round, session: Session) -> Step:
    """Start answering: the intro, then the first question that applies."""
    intro = Say(
        MessageKey.ROUND_INTRO,
        {
            "title": round_.title.get(session.language),
            "intro": round_.intro.get(session.language) if round_.intro else "",
        },
    )
    moved = move_to(round_, session.evolve(stage=Stage.ANSWERING, path=()), None)
    return Step(moved.session, (intro, *moved.events))


def move_to(round_: Round, session: Session, after: str | None) -> Step:
    """Go to the next question after `after`, or finish the round when none is left."""
    question = next_question(round_, session, after)
    if question is None:
        return finish(round_, session)
    moved = session.evolve(current=question.key, path=(*session.path, question.key), draft=())
    return Step(moved, (ask_current(round_, moved),))


def finish(round_: Round, session: Session) -> Step:
    done = session.evolve(stage=Stage.FINISHED, current=None, draft=(), finished_once=True)
    events: tuple[Event, ...] = (
        RoundFinished(round_.key, round_.closes),
        Say(MessageKey.ROUND_FINISHED, {"closes": round_.closes} if round_.closes else {}),
    )
    return Step(done, events)


def record(round_: Round, session: Session, question: Question, value: AnswerValue) -> Step:
    """Store the answer, drop later answers that no longer apply, and move on."""
    updated = session.with_answer(question.key, value)
    events: list[Event] = [AnswerRecorded(question, value)]
    updated, dropped = drop_inapplicable(round_, updated)
    events.extend(AnswerRemoved(q) for q in dropped)
    moved = move_to(round_, updated, question.key)
    return Step(moved.session, (*events, *moved.events))


def remove_and_move(round_: Round, session: Session, question: Question) -> Step:
    """Skip an optional question, removing any earlier answer to it."""
    events: list[Event] = [Skipped(question)]
    updated = session
    if question.key in session.answers:
        updated = session.without_answers({question.key})
        events.append(AnswerRemoved(question))
        updated, dropped = drop_inapplicable(round_, updated)
        events.extend(AnswerRemoved(q) for q in dropped)
    moved = move_to(round_, updated, question.key)
    return Step(moved.session, (*events, *moved.events))


def drop_inapplicable(round_: Round, session: Session) -> tuple[Session, list[Question]]:
    """Answers to questions whose `when` no longer holds are removed, in order."""
    dropped: list[Question] = []
    for question in round_.questions:
        if question.key in session.answers and not applies(question, session.answers):
            session = session.without_answers({question.key})
            dropped.append(question)
    return session, dropped

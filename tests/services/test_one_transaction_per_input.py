"""An answer is one transaction of a few statements, and every worker sees a consultation's
change at its next input (the definition cache follows the stored version)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, event

from bot.bootstrap import App
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.services.people import PersonKey

PERSON = PersonKey.telegram(4_100_000_001)


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0


@contextmanager
def counting(engine: Engine) -> Iterator[Counted]:
    counted = Counted()

    def statement(conn: object, cursor: object, sql: str, *rest: object) -> None:
        counted.statements.append(sql)

    def begin(conn: object) -> None:
        counted.transactions += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", begin)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", begin)


def into_first_question(app: App) -> None:
    now = app.clock()
    app.answers.join(PERSON, "victoria-park", now, language="en")
    for given in (i.Consent(True), i.PickLanguage("en"), i.PickRole("resident")):
        app.answers.handle(PERSON, given, now)


def test_an_answer_is_one_transaction_of_at_most_eight_statements(app: App) -> None:
    into_first_question(app)
    with counting(app.database) as counted:
        reply = app.answers.handle(PERSON, i.Choose("visits", "weekly"), app.clock(), 71,
                                   chat_id=PERSON.telegram_id)  # fmt: skip
    assert any(isinstance(e, ev.AnswerRecorded) for e in reply.events)
    assert counted.transactions == 1
    assert len(counted.statements) <= 8, counted.statements


def test_a_typed_free_text_answer_is_one_transaction_too(app: App) -> None:
    into_first_question(app)
    now = app.clock()
    steps = (i.Choose("visits", "weekly"), i.Text("1"), i.Text("1"), i.Choose("safety_dark", "2"))
    for given in steps:
        app.answers.handle(PERSON, given, now)
    with counting(app.database) as counted:
        reply = app.answers.handle(PERSON, i.Text("The paths are dark."), now, 72,
                                   chat_id=PERSON.telegram_id, check_prompt=True)  # fmt: skip
    recorded = [e for e in reply.events if isinstance(e, ev.AnswerRecorded)]
    assert [e.question.key for e in recorded] == ["unsafe_why"]
    assert counted.transactions == 1
    assert len(counted.statements) <= 8, counted.statements


def test_another_worker_sees_a_round_closed_at_its_next_input(app: App) -> None:
    into_first_question(app)
    other = App(app.settings, clock=app.clock)  # a second worker: its own definition cache
    other.answers.handle(PERSON, i.Choose("visits", "weekly"), app.clock())  # cached now

    app.rounds.close_round("victoria-park", "discover", app.clock())  # an officer, elsewhere

    reply = other.answers.handle(PERSON, i.Text("1"), app.clock())
    refusals = [e for e in reply.events if isinstance(e, ev.Rejected)]
    assert [r.key for r in refusals] == [MessageKey.ROUND_CLOSED]
    other.database.dispose()


def test_the_definition_is_parsed_once_while_its_version_stays(app: App) -> None:
    into_first_question(app)
    loads: list[int] = []
    cache = app.definitions
    real = cache._load

    def counted_load(uow: object, consultation_id: int) -> object:
        loads.append(consultation_id)
        return real(uow, consultation_id)  # type: ignore[arg-type]

    cache._load = counted_load  # type: ignore[method-assign]
    now = app.clock()
    for given in (i.Choose("visits", "weekly"), i.Back(), i.Choose("visits", "monthly")):
        app.answers.handle(PERSON, given, now)
    assert loads == []
    app.rounds.schedule_round("victoria-park", "design", None, None, now)
    app.answers.handle(PERSON, i.Back(), now)
    assert len(loads) == 1, "a schedule change is a new version: loaded again, once"


"""Any sequence of inputs through the answer service: no crash, nothing half-recorded,
and every answer the bot acknowledged is in the database."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.bootstrap import App
from bot.consultations import load_file
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.engine.session import Session
from bot.services.consultations import import_consultation
from bot.services.people import PersonKey
from config.settings import Settings
from storage import AnswerRow, ParticipantRow, QuestionRow, SessionRow

ROOT = Path(__file__).resolve().parents[2]
PARK = load_file(ROOT / "config" / "consultations" / "victoria-park.yaml")
QUESTIONS = [q for r in PARK.consultation.rounds for q in r.questions]
KEYS = [q.key for q in QUESTIONS] + ["forged", ""]
VALUES = sorted({o.key for q in QUESTIONS for o in q.options} | {"0", "3", "99", "-1", "x"})
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
users = itertools.count(10_000)

inputs = st.one_of(
    st.just(i.Begin()),
    st.just(i.Resume()),
    st.builds(i.Consent, st.booleans()),
    st.builds(i.PickLanguage, st.sampled_from(["en", "cy", "fr"])),
    st.builds(i.PickRole, st.sampled_from(["resident", "worker", "mayor"])),
    st.builds(i.Text, st.one_of(st.text(max_size=40), st.sampled_from(["1", "2", "1,3", "yes"]))),
    st.builds(i.Choose, st.sampled_from(KEYS), st.sampled_from(VALUES)),
    st.builds(i.Done, st.sampled_from(KEYS)),
    st.builds(i.Clear, st.sampled_from(KEYS)),
    st.builds(i.Keep, st.sampled_from(KEYS)),
    st.builds(i.Skip, st.one_of(st.none(), st.sampled_from(KEYS))),
    st.just(i.Back()),
    st.builds(i.Unsupported, st.sampled_from(["sticker", "photo", "voice"])),
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    path = tmp_path_factory.mktemp("prop") / "copro.db"
    application = App(Settings(database_url=f"sqlite:///{path}"), clock=lambda: NOW)
    application.migrate()
    with application.unit_of_work() as uow:
        import_consultation(uow, PARK, NOW, open_now=True)
        uow.commit()
    yield application
    application.database.dispose()


def stored(app: App, user: int) -> tuple[dict[str, object], Session | None]:
    with app.unit_of_work() as uow:
        participant = uow.session.exec(
            select(ParticipantRow).where(ParticipantRow.telegram_user_id == user)
        ).first()
        if participant is None:
            return {}, None
        rows = uow.session.exec(
            select(QuestionRow.key, AnswerRow.value, AnswerRow.text)
            .join(QuestionRow, QuestionRow.id == AnswerRow.question_id)
            .where(AnswerRow.participant_id == participant.id)
        ).all()
        session_row = uow.session.exec(
            select(SessionRow).where(SessionRow.participant_id == participant.id)
        ).first()
    answers = {key: (text if text is not None else value) for key, value, text in rows}
    return answers, Session.from_json(session_row.state) if session_row else None


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(inputs, max_size=25))
def test_any_inputs_leave_the_database_equal_to_what_was_acknowledged(
    app: App, sequence: list[i.Input]
) -> None:
    user = next(users)
    acknowledged: dict[str, object] = {}
    app.answers.join(PersonKey.telegram(user), PARK.consultation.slug, NOW)
    for given_input in sequence:
        reply = app.answers.handle(PersonKey.telegram(user), given_input, NOW)
        for event in reply.events:
            if isinstance(event, ev.AnswerRecorded):
                value = event.value
                plain = list(value) if isinstance(value, tuple) else value
                acknowledged[event.question.key] = plain
            elif isinstance(event, ev.AnswerRemoved):
                acknowledged.pop(event.question.key, None)
        answers, session = stored(app, user)
        assert answers == acknowledged
        assert session is not None
        in_session = {k: list(v) if isinstance(v, tuple) else v for k, v in session.answers.items()}
        assert in_session == acknowledged, "the session and the answers table agree"

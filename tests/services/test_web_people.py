"""People from the web channel take part on the same path as Telegram's: one record each."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from bot.bootstrap import App
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.services.people import PersonKey
from bot.services.replies import Outcome
from storage.identity import Identity
from storage.tables import ParticipantRow

WEB = PersonKey.web("k" * 32)
TELEGRAM = PersonKey.telegram(5_000_000_007)


def take_part(app: App, person: PersonKey) -> None:
    now = app.clock()
    app.answers.join(person, "victoria-park", now, language="en")
    for given in (i.Consent(True), i.PickLanguage("en"), i.PickRole("resident")):
        app.answers.handle(person, given, now)
    reply = app.answers.handle(person, i.Submit("visits", ("weekly",)), now)
    assert any(isinstance(e, ev.AnswerRecorded) for e in reply.events)


def test_a_web_person_and_a_telegram_person_answer_into_the_same_tables(app: App) -> None:
    take_part(app, WEB)
    take_part(app, TELEGRAM)
    with app.reading() as uow:
        web = uow.participants.find(WEB.identity)
        chat = uow.participants.find(TELEGRAM.identity)
        assert web is not None and chat is not None
        assert (web.channel, web.telegram_user_id) == ("web", None)
        assert (chat.channel, chat.web_key) == ("telegram", None)
        assert len(uow.answers.for_participant(web.id or 0)) == 1
        assert len(uow.answers.for_participant(chat.id or 0)) == 1


def test_a_web_person_sees_and_deletes_their_data_and_nobody_else_s(app: App) -> None:
    take_part(app, WEB)
    take_part(app, TELEGRAM)
    rights = app.conversation.rights
    held = rights.data_of(WEB)
    assert held["participant"]["web_key"] == WEB.id
    assert "telegram_user_id" not in held["participant"]
    assert rights.erase(WEB, app.clock())
    assert rights.data_of(WEB) == {"participant": None, "consultations": []}
    assert rights.data_of(TELEGRAM)["participant"] is not None
    reply = app.answers.handle(WEB, i.Resume(), app.clock())
    assert reply.outcome is Outcome.NO_CONSULTATION


def test_pseudonyms_of_web_people_cannot_meet_a_telegram_person_s(app: App) -> None:
    from bot.security.pseudonyms import pseudonym
    from bot.services.people import pseudonym_source

    web_key_that_looks_like_an_id = PersonKey.web(str(TELEGRAM.telegram_id))
    source = pseudonym_source(None, web_key_that_looks_like_an_id.id)
    assert pseudonym("k", "s", source) != pseudonym("k", "s", TELEGRAM.telegram_id)


def test_a_participant_has_exactly_one_identity(app: App) -> None:
    with pytest.raises(ValueError):
        Identity("web")
    with app.unit_of_work() as uow, pytest.raises(IntegrityError):
        uow.session.add(ParticipantRow(channel="web", telegram_user_id=None, web_key=None))
        uow.session.flush()

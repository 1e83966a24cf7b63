"""The answer path: committed before acknowledged, stored once, nothing before consent."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import select

from bot.bootstrap import App
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.services.people import PersonKey
from bot.services.replies import Outcome
from bot.services.rights import erase_participant, participant_data
from storage import AnswerRow, AuditLogRow, ParticipantRow, SessionRow

USER = 9_000_000_000_000_000_001  # a 64-bit Telegram id
PERSON = PersonKey.telegram(USER)


def answers(app: App) -> list[AnswerRow]:
    with app.unit_of_work() as uow:
        return list(uow.session.exec(select(AnswerRow)))


def into_first_question(app: App, user: int = USER) -> None:
    now = app.clock()
    app.answers.join(PersonKey.telegram(user), "victoria-park", now, language="en")
    app.answers.handle(PersonKey.telegram(user), i.Consent(True), now)
    app.answers.handle(PersonKey.telegram(user), i.PickLanguage("en"), now)
    reply = app.answers.handle(PersonKey.telegram(user), i.PickRole("resident"), now)
    assert any(isinstance(e, ev.AskQuestion) for e in reply.events)


def test_req18_nothing_is_stored_about_answers_before_consent(app: App) -> None:
    now = app.clock()
    app.answers.join(PERSON, "victoria-park", now)
    reply = app.answers.handle(PERSON, i.Choose("visits", "most_days"), now)
    assert reply.outcome is Outcome.HANDLED
    assert any(isinstance(e, ev.Rejected) for e in reply.events)
    assert answers(app) == []


def test_declining_consent_stores_no_answers_and_can_be_changed(app: App) -> None:
    now = app.clock()
    app.answers.join(PERSON, "victoria-park", now)
    reply = app.answers.handle(PERSON, i.Consent(False), now)
    assert any(isinstance(e, ev.ConsentRecorded) and not e.given for e in reply.events)
    again = app.answers.join(PERSON, "victoria-park", now)
    assert any(isinstance(e, ev.AskConsent) for e in again.events)
    assert answers(app) == []


def test_an_answer_is_committed_before_the_reply_is_returned(app: App) -> None:
    into_first_question(app)
    reply = app.answers.handle(PERSON, i.Choose("visits", "weekly"), app.clock())
    assert any(isinstance(e, ev.AnswerRecorded) for e in reply.events)
    stored = answers(app)
    assert [a.value for a in stored] == ["weekly"]


def test_req16_a_repeated_update_stores_one_answer(app: App) -> None:
    into_first_question(app)
    first = app.answers.handle(PERSON, i.Choose("visits", "weekly"), app.clock(), update_id=501)
    repeat = app.answers.handle(PERSON, i.Choose("visits", "weekly"), app.clock(), update_id=501)
    assert first.outcome is Outcome.HANDLED
    assert repeat.outcome is Outcome.DUPLICATE and repeat.events == ()
    assert len(answers(app)) == 1


def test_req16_two_quick_taps_on_different_options_store_one_answer(app: App) -> None:
    into_first_question(app)
    replies = []

    def tap(option: str, update_id: int) -> None:
        replies.append(
            app.answers.handle(PERSON, i.Choose("visits", option), app.clock(), update_id)
        )

    threads = [
        threading.Thread(target=tap, args=("weekly", 601)),
        threading.Thread(target=tap, args=("rarely", 602)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    stored = answers(app)
    assert len(stored) == 1
    recorded = [r for r in replies if any(isinstance(e, ev.AnswerRecorded) for e in r.events)]
    assert len(recorded) == 1
    refused = [r for r in replies if r is not recorded[0]]
    assert all(isinstance(e, ev.Rejected) for r in refused for e in r.events)


def test_changing_an_answer_with_back_replaces_it(app: App) -> None:
    into_first_question(app)
    now = app.clock()
    app.answers.handle(PERSON, i.Choose("visits", "weekly"), now)
    app.answers.handle(PERSON, i.Back(), now)
    app.answers.handle(PERSON, i.Choose("visits", "rarely"), now)
    stored = answers(app)
    assert [a.value for a in stored] == ["rarely"], "activities no longer applies, so it went"


def test_a_closed_round_refuses_answers_and_keeps_earlier_ones(app: App) -> None:
    into_first_question(app)
    app.answers.handle(PERSON, i.Choose("visits", "weekly"), app.clock())
    with app.unit_of_work() as uow:
        row = uow.consultations.get("victoria-park")
        round_row = uow.consultations.round(row.id, "discover")
        uow.consultations.set_round_state(round_row.id, "closed")
        uow.commit()
    later = app.clock() + timedelta(minutes=1)
    reply = app.answers.handle(PERSON, i.Choose("activities", "walk"), later)
    assert [type(e) for e in reply.events] == [ev.Rejected]
    assert len(answers(app)) == 1


def test_mydata_holds_the_answers_and_forget_erases_everything(app: App) -> None:
    into_first_question(app)
    now = app.clock()
    app.answers.handle(PERSON, i.Choose("visits", "weekly"), now)
    with app.unit_of_work() as uow:
        data = participant_data(uow, USER, app.pseudonym_key)
    (consultation,) = data["consultations"]
    assert consultation["consultation"] == "victoria-park"
    assert consultation["pseudonym"].startswith("P-") and str(USER) not in consultation["pseudonym"]
    assert consultation["answers"][0]["answer"] == "weekly"

    with app.unit_of_work() as uow:
        assert erase_participant(uow, USER, now, actor=None) is True
        uow.commit()
    with app.unit_of_work() as uow:
        assert participant_data(uow, USER, app.pseudonym_key) == {
            "participant": None,
            "consultations": [],
        }
        assert list(uow.session.exec(select(ParticipantRow))) == []
        assert list(uow.session.exec(select(SessionRow))) == []
        audit = list(uow.session.exec(select(AuditLogRow)))
    assert answers(app) == []
    erased = [a for a in audit if a.action == "participant.erased"]
    assert len(erased) == 1 and str(USER) not in str(erased[0].detail)

"""Free-text answers given in `copro try` are tagged by the worker, and can be re-tagged."""

from __future__ import annotations

from sqlmodel import select

from bot.bootstrap import App
from bot.engine import inputs as i
from bot.services.people import PersonKey
from storage import AnswerRow, TagRow

PHONE_ANSWER = "The bins by the gate overflow. Ring me on 07700 900123 about it."


def answer_with_text(app: App, user: int, text: str) -> None:
    now = app.clock()
    app.answers.join(PersonKey.telegram(user), "victoria-park", now, language="en")
    for step in (i.Consent(True), i.PickLanguage("en"), i.PickRole("resident"),
                 i.Choose("visits", "rarely"), i.Choose("barriers", "litter"),
                 i.Done("barriers"), i.Choose("safety_dark", "4"), i.Choose("children", "no")):
        app.answers.handle(PersonKey.telegram(user), step, now)
    reply = app.answers.handle(PersonKey.telegram(user), i.Text(text), now)
    assert reply.events, "the text answer was taken"


def tags(app: App) -> list[TagRow]:
    with app.unit_of_work() as uow:
        return list(uow.session.exec(select(TagRow)))


def test_the_worker_tags_text_answers_and_redacts_personal_data(app: App) -> None:
    app.settings.nlp_model = "blank:en"
    answer_with_text(app, 501, PHONE_ANSWER)
    worker = app.tagging("test-worker")
    assert worker.backlog() == 1
    assert worker.run_once() == 1
    (tag,) = tags(app)
    assert "waste" in tag.themes
    assert "07700 900123" not in tag.redacted and "[PHONE]" in tag.redacted
    assert worker.backlog() == 0
    assert worker.run_once() == 0, "nothing is tagged twice"


def test_retag_queues_a_consultations_answers_again(app: App) -> None:
    app.settings.nlp_model = "blank:en"
    answer_with_text(app, 502, "More trees and flowers in the park please.")
    worker = app.tagging("test-worker")
    worker.run_once()
    assert worker.retag("victoria-park") == 1
    with app.unit_of_work() as uow:
        (answer,) = list(uow.session.exec(select(AnswerRow).where(AnswerRow.text.is_not(None))))
        assert answer.tag_status == "pending"
    assert worker.run_once() == 1
    assert len(tags(app)) == 1

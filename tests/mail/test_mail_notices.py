"""Notices and reminders reach web participants who left an address, by real SMTP: once
each, in their language, with a link to the consultation and a way to stop."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from mailkit import (
    CLOSES,
    OPENS,
    SmtpServer,
    drain,
    email_rows,
    join,
    leave_address,
    participant_id,
)

from bot.bootstrap import App
from bot.messaging import actions as out
from bot.messaging.outbox_codec import action_to_payload
from bot.scheduling import RoundLifecycle
from bot.services.feedback import Recipient, queue_feedback
from bot.web.server import make_web_app
from tests.scheduling.scheduling_testkit import (
    SLUG,
    FrozenClock,
    add_person,
    ids,
    planner_for,
    run_until,
)

ANN, BRON = "ann@example.org", "bron@example.org"


def in_round(app: App, participant: int, round_id: int, at: Any) -> None:
    with app.unit_of_work() as uow:
        consultation = uow.consultations.get(SLUG)
        uow.sessions.save(participant, consultation.id, state="{}", status="answering",
                          round_id=round_id, updated_at=at)
        uow.commit()


async def test_the_round_notice_and_its_reminders_arrive_once_each_in_welsh(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock
) -> None:
    resident = await join(client, "cy")
    assert await leave_address(resident, BRON) == 200
    add_person(app, 501)  # a Telegram participant, who gets the chat notice as before
    planner = planner_for(app)

    run_until(planner, clock, OPENS.replace(hour=11))
    assert drain(app).sent == 1
    in_round(app, participant_id(app, client), ids(app).second, clock.now)
    run_until(planner, clock, CLOSES.replace(hour=9))
    assert drain(app).sent == 2
    assert drain(app).sent == 0  # nothing twice

    subjects = [m["Subject"] for m in smtp.inbox.to(BRON)]
    assert subjects == ["Mae cylch newydd ar agor: Llwybrau bws",
                        "Nodyn atgoffa: Llwybrau bws", "Nodyn atgoffa: Llwybrau bws"]
    first = smtp.inbox.to(BRON)[0]
    body = first.get_content()
    assert "Dewis y llwybrau" in body  # the round's Welsh title, as in the chat notice
    assert "http://127.0.0.1:8000/c/bus-routes?lang=cy" in body
    assert "http://127.0.0.1:8000/unsubscribe/" in body
    assert first["Content-Language"] == "cy"
    assert first["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/unsubscribe/")
    assert first["From"] == "Council consultations <consult@council.example>"
    assert {r.status for r in email_rows(app)} == {"sent"}
    assert len(smtp.inbox.messages) == 3  # the Telegram participant got no e-mail


def feedback_payload(person: Recipient) -> dict[str, Any]:
    text = {"en": "We added a bus to the coast.", "cy": "Rydym wedi ychwanegu bws i'r arfordir."}
    return action_to_payload(out.SendText(person.user_id, text[person.language]))


async def test_you_said_we_did_reaches_each_web_participant_once_in_their_language(
    app: App, smtp: SmtpServer, clock: FrozenClock
) -> None:
    async with browser(app) as english, browser(app) as welsh:
        await leave_address(await join(english, "en"), ANN)
        await leave_address(await join(welsh, "cy"), BRON)

    with app.unit_of_work() as uow:
        sent = queue_feedback(uow, SLUG, feedback_payload, clock.now, app.settings.zone, None,
                              mail=True)
        uow.commit()
    assert (sent.queued, sent.by_language) == (2, {"en": 1, "cy": 1})
    assert drain(app).sent == 2
    assert drain(app).sent == 0

    (to_ann,) = smtp.inbox.to(ANN)
    assert to_ann["Subject"] == "You said, we did: Bus routes"
    assert "We added a bus to the coast." in to_ann.get_content()
    (to_bron,) = smtp.inbox.to(BRON)
    assert to_bron["Subject"] == "Dywedoch chi, gwnaethom ni: Llwybrau bws"
    assert "Rydym wedi ychwanegu bws i'r arfordir." in to_bron.get_content()


def browser(app: App) -> TestClient:
    return TestClient(TestServer(make_web_app(app.web)))


async def test_without_an_address_or_without_smtp_nothing_is_queued_for_e_mail(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock
) -> None:
    await join(client)  # takes part, leaves no address
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)

    assert email_rows(app) == []
    assert drain(app).sent == 0 and smtp.inbox.messages == []

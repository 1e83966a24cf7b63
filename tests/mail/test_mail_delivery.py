"""Sending through the outbox: SMTP down means later, not lost; a refusal is final; nothing
is sent twice; and with no COPRO_SMTP_URL there is no e-mail at all, and nothing fails."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from mailkit import SmtpServer, drain, email_rows, join, leave_address, mail_app

from bot.bootstrap import App
from bot.scheduling import RoundLifecycle
from bot.web.server import make_web_app
from tests.scheduling.scheduling_testkit import SLUG, FrozenClock

ADDRESS = "dewi@example.org"


async def test_when_the_mail_server_is_down_the_notice_waits_and_arrives_once_later(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock
) -> None:
    await leave_address(await join(client), ADDRESS)
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)
    smtp.stop()

    stats = drain(app)

    (row,) = email_rows(app)
    assert (stats.sent, stats.retried, row.status, row.attempts) == (0, 1, "pending", 1)
    assert row.not_before is not None and row.not_before > clock.now
    smtp.start()
    assert drain(app).sent == 0  # not due yet: it waits its turn
    clock.now = row.not_before + timedelta(seconds=1)
    assert drain(app).sent == 1
    assert drain(app).sent == 0
    assert len(smtp.inbox.to(ADDRESS)) == 1
    assert email_rows(app)[0].status == "sent"


async def test_an_address_the_server_refuses_is_not_tried_again(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock
) -> None:
    await leave_address(await join(client), ADDRESS)
    smtp.inbox.refuse.add(ADDRESS)
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)

    assert drain(app).failed == 1

    (row,) = email_rows(app)
    assert row.status == "failed" and "refused" in (row.last_error or "")
    clock.now += timedelta(days=1)
    assert drain(app).sent == 0 and smtp.inbox.messages == []


async def test_the_chat_drainer_leaves_e_mails_to_the_mail_drainer(
    app: App, client: TestClient, clock: FrozenClock
) -> None:
    await leave_address(await join(client), ADDRESS)
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)

    with app.unit_of_work() as uow:
        assert uow.outbox.claim_due(10, clock.now) == []  # the chat's claim
        assert len(uow.outbox.claim_due(10, clock.now, email=True)) == 1


async def test_with_no_smtp_url_no_address_is_asked_for_and_nothing_is_queued(
    database_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    app = mail_app(database_url, clock, smtp_url="")
    try:
        async with TestClient(TestServer(make_web_app(app.web))) as client:
            resident = await join(client)
            assert "/email" not in resident.html
            assert (await client.get(f"/c/{SLUG}/email")).status == 404
        assert app.mail_drainer() is None
        change = RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)
        assert change.changed and email_rows(app) == []
    finally:
        app.database.dispose()


async def test_the_scheduler_process_sends_the_e_mails_without_a_chat(
    app: App, client: TestClient, smtp: SmtpServer, clock: FrozenClock
) -> None:
    from bot.scheduling import start_in_process

    await leave_address(await join(client), ADDRESS)
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)

    host = await start_in_process(app)  # `copro scheduler` beside `copro web`: no Telegram
    try:
        await asyncio.wait_for(host.leading.wait(), 5)
        for _ in range(100):
            if smtp.inbox.messages:
                break
            await asyncio.sleep(0.05)
    finally:
        await host.stop()

    assert [m["To"] for m in smtp.inbox.messages] == [ADDRESS]
    assert [r.status for r in email_rows(app)] == ["sent"]

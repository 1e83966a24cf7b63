"""/metrics on the webhook server: what a resident does shows up in the counters."""

from __future__ import annotations

import math
from pathlib import Path

import aiohttp
from observability_testkit import HTTP, WebhookResident, make_app, scrape, webhook_worker

from bot.cli.bot_commands import import_shipped
from bot.sandbox import SandboxClient, SandboxServer

ROUND_START = ("I agree", "Resident")


async def test_a_residents_start_and_answer_move_the_counters_on_the_webhook_server(
    tmp_path: Path,
) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'copro.db'}")
    app.migrate()
    import_shipped(app)
    sandbox = SandboxServer(port=0)
    await sandbox.start()
    try:
        async with webhook_worker(app, sandbox) as base, \
                aiohttp.ClientSession(timeout=HTTP) as http, SandboxClient(sandbox.url) as client:
            before = await scrape(http, base)
            resident = WebhookResident(client, http, base, (await client.create_user("Wyn"))["id"])
            await resident.command("start", "victoria-park")
            for label in (*ROUND_START, "Most days"):
                await resident.tap(label)
            after = await scrape(http, base)
    finally:
        await sandbox.stop()

    assert resident.statuses == [200] * 4
    assert before['copro_updates_handled_total{kind="message",outcome="ok"}'] == 0
    assert before["copro_answers_stored_total"] == 0
    assert after['copro_updates_handled_total{kind="message",outcome="ok"}'] == 1
    assert after['copro_updates_handled_total{kind="tap",outcome="ok"}'] == 3
    assert after['copro_updates_handled_total{kind="tap",outcome="failed"}'] == 0
    assert after["copro_answers_stored_total"] == 1  # "Most days"; consent is not an answer
    assert after['copro_replies_sent_total{method="sendMessage"}'] >= 2
    assert after['copro_replies_sent_total{method="answerCallbackQuery"}'] == 3
    assert after['copro_handler_seconds_count{kind="tap"}'] == 3
    assert after['copro_send_failures_total{reason="parked"}'] == 0
    assert after["copro_outbox_depth"] == 0
    assert after["copro_tagging_backlog"] == 0
    assert not math.isnan(after["copro_outbox_depth"])


async def test_an_update_that_failed_is_counted_as_failed_and_the_scrape_still_works(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "copro.db"
    broken.write_bytes(b"this is not a database" * 100)
    app = make_app(f"sqlite:///{broken}")
    sandbox = SandboxServer(port=0)
    await sandbox.start()
    try:
        async with webhook_worker(app, sandbox) as base, \
                aiohttp.ClientSession(timeout=HTTP) as http, SandboxClient(sandbox.url) as client:
            resident = WebhookResident(client, http, base, (await client.create_user("Al"))["id"])
            await resident.command("start")
            found = await scrape(http, base)
            apology = [m["text"] for m in await client.bot_messages(resident.user_id)]
    finally:
        await sandbox.stop()

    assert resident.statuses == [503]  # Telegram will deliver it again
    assert apology and "try again" in apology[-1].lower()
    assert found['copro_updates_handled_total{kind="message",outcome="failed"}'] == 1
    assert found['copro_updates_handled_total{kind="message",outcome="ok"}'] == 0
    assert math.isnan(found["copro_outbox_depth"])  # unknown, not zero, and no failed scrape
    assert math.isnan(found["copro_tagging_backlog"])


async def test_send_failures_are_counted_by_reason(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'copro.db'}")
    app.migrate()
    sandbox = SandboxServer(port=0)
    await sandbox.start()
    try:
        async with webhook_worker(app, sandbox) as base, \
                aiohttp.ClientSession(timeout=HTTP) as http, SandboxClient(sandbox.url) as client:
            resident = WebhookResident(client, http, base, (await client.create_user("Bo"))["id"])
            await client.inject_fault("sendMessage", "retry_after", retry_after=1)
            await resident.command("help")  # slowed down once, then sent
            await client.block_bot(resident.user_id)
            await resident.command("help")  # the person blocked the bot
            found = await scrape(http, base)
    finally:
        await sandbox.stop()

    assert found['copro_send_failures_total{reason="rate_limited"}'] == 1
    assert found['copro_send_failures_total{reason="forbidden"}'] == 1
    assert found['copro_replies_sent_total{method="sendMessage"}'] == 1
    assert found['copro_updates_handled_total{kind="message",outcome="ok"}'] == 2

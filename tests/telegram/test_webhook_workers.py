"""Webhook deliveries: only ones with the secret get in, and two workers share one database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlmodel import select

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.messaging.rate_limit import RateLimiter
from bot.sandbox import SandboxClient, SandboxServer
from bot.telegram.runners import BotRunner, make_runner
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, build_webhook_app
from config.settings import Settings
from storage import AnswerRow
from tests.support.scratch import scratch_schema
from tests.support.telegram_fixtures import require_test_postgres

SECRET = "s3cret-shared-by-every-worker"
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'copro.db'}"
        return
    with scratch_schema(require_test_postgres(), "w") as url:
        yield url


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    server = SandboxServer(port=0)
    await server.start()
    yield server
    await server.stop()


async def start_worker(app: App, server: SandboxServer) -> tuple[BotRunner, web.AppRunner, str]:
    runner = make_runner(app.chat, "aiogram", server.token, server.url,
                         RateLimiter(per_chat=1000, chat_burst=1000, overall=1000))
    await runner.start()
    site = web.AppRunner(build_webhook_app(runner, SECRET), access_log=None)
    await site.setup()
    tcp = web.TCPSite(site, "127.0.0.1", 0)
    await tcp.start()
    port = site.addresses[0][1]
    return runner, site, f"http://127.0.0.1:{port}{WEBHOOK_PATH}"


def worker_app(database_url: str) -> App:
    app = App(Settings(database_url=database_url, secret_key="k"), clock=lambda: NOW)
    return app


async def test_req12_a_delivery_without_the_secret_gets_401_and_reaches_no_handler(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    app = worker_app(f"sqlite:///{tmp_path / 'copro.db'}")
    app.migrate()
    runner, site, url = await start_worker(app, sandbox)
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0,
              "chat": {"id": 5, "type": "private"}, "text": "/help",
              "from": {"id": 5, "is_bot": False, "first_name": "X"},
              "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
    try:
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET[:-1]}):
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 401
            async with SandboxClient(sandbox.url) as client:
                assert [c for c in await client.calls("sendMessage")] == []
    finally:
        await runner.close()
        await site.cleanup()


async def test_two_webhook_workers_split_one_residents_taps_and_store_one_answer_each(
    sandbox: SandboxServer, database_url: str
) -> None:
    first, second = worker_app(database_url), worker_app(database_url)
    first.migrate()
    import_shipped(first)
    workers = [await start_worker(first, sandbox), await start_worker(second, sandbox)]
    delivered = 0
    try:
        async with SandboxClient(sandbox.url) as client, aiohttp.ClientSession() as http:
            user = (await client.create_user("Wyn"))["id"]

            async def deliver_pending() -> None:
                nonlocal delivered
                for update in await client.pending_updates():
                    if update["update_id"] <= delivered:
                        continue
                    _, _, url = workers[update["update_id"] % 2]  # alternate the workers
                    headers = {SECRET_HEADER: SECRET}
                    for _ in range(2):  # Telegram may deliver twice: both must be harmless
                        async with http.post(url, json=update, headers=headers) as response:
                            assert response.status == 200
                    delivered = update["update_id"]

            async def tap(label: str) -> None:
                messages = await client.bot_messages(user)
                for message in reversed(messages):
                    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                        for button in row:
                            if button["text"] == label:
                                await client.tap_button(user, message["message_id"],
                                                        button["callback_data"])
                                await deliver_pending()
                                return
                raise AssertionError(f"no button {label}")

            await client.send_command(user, "start", "victoria-park")
            await deliver_pending()
            for label in ("I agree", "Resident", "Most days", "Walking", "Done"):
                await tap(label)
    finally:
        for runner, site, _ in workers:
            await runner.close()
            await site.cleanup()
    with first.unit_of_work() as uow:
        answers = list(uow.session.exec(select(AnswerRow)))
    assert sorted(str(a.value) for a in answers) == ["['walk']", "most_days"]
    first.database.dispose()
    second.database.dispose()

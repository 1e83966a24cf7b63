"""An update Copro could not handle gets a 503, so Telegram delivers it again; the person hears
a polite apology once, and the answer is stored once when the delivery finally succeeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.conversation.chat import ChatConversation
from bot.sandbox import SandboxClient, SandboxServer
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from config.settings import Settings
from storage.tables.people import ParticipantRow
from tests.support.telegram_fixtures import webhook_worker

SECRET = "shared-webhook-secret"
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


async def test_a_failed_update_gets_503_one_apology_and_is_handled_when_delivered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = App(Settings(database_url=f"sqlite:///{tmp_path / 'copro.db'}", secret_key="k"),
              clock=lambda: NOW)
    app.migrate()
    import_shipped(app)
    sandbox = SandboxServer(port=0)
    await sandbox.start()
    real_on_message = ChatConversation.on_message
    database_down = True

    async def flaky(self: ChatConversation, message: object) -> object:
        if database_down:
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))
        return await real_on_message(self, message)  # type: ignore[arg-type]

    monkeypatch.setattr(ChatConversation, "on_message", flaky)
    try:
        async with webhook_worker(app, sandbox, SECRET) as base, \
                SandboxClient(sandbox.url) as client, aiohttp.ClientSession() as http:
            url = base + WEBHOOK_PATH
            user = (await client.create_user("Nia"))["id"]
            await client.send_command(user, "start", "victoria-park")
            [update] = await client.pending_updates()
            statuses = []
            for _ in range(3):
                async with http.post(url, json=update,
                                     headers={SECRET_HEADER: SECRET}) as response:
                    statuses.append(response.status)
            assert statuses == [503, 503, 503]
            apologies = await client.bot_messages(user)
            assert [m["text"] for m in apologies] == [
                app.catalogue.text("try_again_later", "en")
            ]
            with app.unit_of_work() as uow:
                assert list(uow.session.exec(select(ParticipantRow))) == []

            database_down = False
            async with http.post(url, json=update, headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200
            after = await client.bot_messages(user)
            assert len(after) == 2  # the apology, then the real welcome
            with app.unit_of_work() as uow:
                assert len(list(uow.session.exec(select(ParticipantRow)))) == 1
    finally:
        await sandbox.stop()

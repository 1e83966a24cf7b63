"""The sandbox keeps its people and chats in a state file across restarts (issue 16 item 20)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from bot.cli.sandbox_setup import state_path
from bot.sandbox import SandboxClient, SandboxServer
from bot.sandbox.files import placeholder_png
from tests.support.browser import BotCalls


async def test_item20_a_restarted_sandbox_keeps_people_chats_and_update_ids(
    tmp_path: Path,
) -> None:
    path = tmp_path / "copro.sandbox.json"
    first = SandboxServer(port=0, state_path=path)
    await first.start()
    try:
        async with SandboxClient(first.url) as client, aiohttp.ClientSession() as http:
            bot = BotCalls(http, f"{first.url}/bot{first.token}")
            tess = await client.create_user("Tess", language_code="cy")
            said = await client.send_text(tess["id"], "Hello council")
            keyboard = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
            asked = await bot("sendMessage", chat_id=tess["id"], text="Agree?",
                              reply_markup=keyboard)  # fmt: skip
            tapped = await client.tap_button(tess["id"], asked["message_id"], "y")
            await bot("answerCallbackQuery", text="Thanks",
                      callback_query_id=tapped["callback_query"]["id"])  # fmt: skip
            await bot("sendPhoto", chat_id=tess["id"], photo=placeholder_png(8, 8))
            await bot("setMyCommands", commands=[{"command": "help", "description": "Help"}])
            for _ in range(40):  # written soon after a change, not only at a clean stop
                if path.exists() and '"Hello council"' in path.read_text():
                    break
                await asyncio.sleep(0.1)
            assert '"Hello council"' in path.read_text()
    finally:
        await first.stop()
    assert path.exists()

    second = SandboxServer(port=0, state_path=path)
    await second.start()
    try:
        async with SandboxClient(second.url) as client:
            assert [u["first_name"] for u in await client.users()] == ["Tess"]
            history = await client.messages(tess["id"])
            assert [m["text"] for m in history] == ["Hello council", "Agree?", None]
            photo = history[2]["files"][0]
            assert await client.download(photo["file_id"]) == placeholder_png(8, 8)
            [answer] = await client.callback_answers(tess["id"])
            assert answer["answer"] == {"text": "Thanks"}
            info = await client.bot_info()
            assert info["commands"][0]["commands"][0]["command"] == "help"
            newer = await client.send_text(tess["id"], "Still here")
            assert newer["update_id"] > tapped["update_id"] > said["update_id"]
            assert newer["message"]["message_id"] == 4
            ben = await client.create_user("Ben")
            assert ben["id"] != tess["id"]
    finally:
        await second.stop()


def test_item20_the_state_file_sits_beside_the_sqlite_database() -> None:
    assert state_path("sqlite:///data/copro.db") == Path("data/copro.sandbox.json")
    assert state_path("sqlite:////srv/copro/town.db") == Path("/srv/copro/town.sandbox.json")
    assert state_path("postgresql+psycopg://u@h/copro") == Path("copro.sandbox.json")

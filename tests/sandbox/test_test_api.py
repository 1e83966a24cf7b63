"""The test API and SandboxClient: users, groups, every kind of user message, inspection, reset."""

from __future__ import annotations

import time
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.types import Update as AiogramUpdate
from telegram import Bot as PtbBot
from telegram import Update as PtbUpdate

from bot.sandbox import PRESET_USERS, SandboxClient, SandboxError, SandboxServer


async def every_kind_of_update(client: SandboxClient, user_id: int) -> list[dict[str, Any]]:
    group = await client.create_group("Ward 3", [user_id])
    text = await client.send_text(user_id, "hello")
    updates = [
        text,
        await client.send_command(user_id, "start", "abc"),
        await client.send_photo(user_id, caption="a pothole"),
        await client.send_sticker(user_id, "🎉"),
        await client.send_voice(user_id, duration=3),
        await client.send_location(user_id, 51.48, -3.18),
        await client.send_document(user_id, b"%PDF-1.4", "plan.pdf"),
        await client.send_text(user_id, "hi all", chat_id=group["chat"]["id"]),
        await client.edit_text(user_id, text["message"]["message_id"], "hello again"),
    ]
    return updates


async def test_every_kind_of_update_parses_in_both_clients(
    server: SandboxServer, client: SandboxClient
) -> None:
    user = await client.create_user("Ann", language_code="cy", username="ann")
    updates = await every_kind_of_update(client, user["id"])
    aiogram_bot = Bot(server.token)
    ptb_bot = PtbBot(server.token)
    kinds = []
    for update in updates:
        parsed = AiogramUpdate.model_validate(update, context={"bot": aiogram_bot})
        assert parsed.update_id == update["update_id"]
        ptb = PtbUpdate.de_json(update, ptb_bot)
        assert ptb.effective_user is not None and ptb.effective_user.id == user["id"]
        kinds.append(parsed.event_type)
    await aiogram_bot.session.close()
    assert kinds == ["message"] * 8 + ["edited_message"]
    command = updates[1]["message"]
    assert command["text"] == "/start abc"
    assert command["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert updates[7]["message"]["chat"]["type"] == "group"


async def test_a_button_tap_can_carry_forged_data(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    data = {"chat_id": user["id"], "text": "pick", "reply_markup": markup}
    async with http.post(f"{api}/sendMessage", json=data) as response:
        message_id = (await response.json())["result"]["message_id"]
    update = await client.tap_button(user["id"], message_id, "admin:erase-everything")
    assert update["callback_query"]["data"] == "admin:erase-everything"
    assert update["callback_query"]["message"]["message_id"] == message_id
    with pytest.raises(SandboxError) as missing:
        await client.tap_button(user["id"], 999, "x")
    assert missing.value.status == 404


async def test_users_are_listed_and_files_downloadable(client: SandboxClient) -> None:
    user = await client.create_user("Ann", user_id=PRESET_USERS[0]["id"], language_code="en")
    assert user == {
        "id": PRESET_USERS[0]["id"],
        "is_bot": False,
        "first_name": "Ann",
        "language_code": "en",
    }
    assert [u["id"] for u in await client.users()] == [user["id"]]
    update = await client.send_document(user["id"], b"hello", "a.txt", caption="mine")
    [view] = await client.messages(user["id"])
    assert not view["from_bot"] and view["kind"] == "document" and view["caption"] == "mine"
    assert await client.download(view["files"][0]["file_id"]) == b"hello"
    assert update["message"]["document"]["mime_type"] == "text/plain"


async def test_waiting_for_messages_that_never_come_times_out(client: SandboxClient) -> None:
    user = await client.create_user("Ann")
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await client.wait_for_bot_messages(user["id"], 1, timeout=0.3)
    assert time.monotonic() - started < 2


async def test_reset_forgets_everything_but_keeps_update_ids_rising(
    client: SandboxClient,
) -> None:
    user = await client.create_user("Ann")
    first = await client.send_text(user["id"], "one")
    await client.inject_fault("sendMessage", "blocked")
    await client.reset()
    assert await client.users() == [] and await client.pending_updates() == []
    user = await client.create_user("Ann")
    second = await client.send_text(user["id"], "two")
    assert second["update_id"] > first["update_id"]


async def test_unknown_users_and_bad_bodies_are_refused(client: SandboxClient) -> None:
    with pytest.raises(SandboxError) as unknown:
        await client.send_text(4242, "hi")
    assert unknown.value.status == 404
    with pytest.raises(SandboxError) as bad:
        await client.inject_fault("sendMessage", "gremlins")
    assert bad.value.status == 400


async def test_the_chat_page_is_self_contained_and_accessible(
    server: SandboxServer, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{server.url}/") as response:
        assert response.status == 200 and response.content_type == "text/html"
        page = await response.text()
    assert 'name="viewport"' in page and 'aria-live="polite"' in page
    assert 'role="log"' in page and "<label" in page
    assert "http://" not in page and "https://" not in page and "<script src" not in page
    for preset in ("Resident", "Officer", "Admin"):
        assert any(p["label"] == preset for p in PRESET_USERS)

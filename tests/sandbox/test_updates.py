"""getUpdates long polling: timing, offsets, limits, allowed_updates, redelivery."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp

from bot.sandbox import SandboxClient


async def get_updates(http: aiohttp.ClientSession, api: str, **params: Any) -> list[Any]:
    data = {key: str(value) for key, value in params.items()}
    async with http.post(f"{api}/getUpdates", data=data) as response:
        assert response.status == 200
        return list((await response.json())["result"])


async def test_a_long_poll_with_nothing_to_send_answers_empty_at_the_timeout(
    api: str, http: aiohttp.ClientSession
) -> None:
    started = time.monotonic()
    assert await get_updates(http, api, timeout=1) == []
    assert 0.9 <= time.monotonic() - started < 2.0


async def test_a_long_poll_wakes_early_when_an_update_arrives(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    started = time.monotonic()
    poll = asyncio.create_task(get_updates(http, api, timeout=10))
    await asyncio.sleep(0.2)
    await client.send_text(user["id"], "hello")
    updates = await asyncio.wait_for(poll, 3)
    assert time.monotonic() - started < 2
    assert updates[0]["message"]["text"] == "hello"


async def test_offset_confirms_and_limit_caps(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    for index in range(5):
        await client.send_text(user["id"], f"m{index}")
    first = await get_updates(http, api, limit=2)
    assert [u["message"]["text"] for u in first] == ["m0", "m1"]
    assert await get_updates(http, api, limit=2) == first  # not confirmed yet
    rest = await get_updates(http, api, offset=first[-1]["update_id"] + 1)
    assert [u["message"]["text"] for u in rest] == ["m2", "m3", "m4"]
    assert await get_updates(http, api, offset=rest[-1]["update_id"] + 1) == []
    assert await client.pending_updates() == []


async def test_a_redelivered_update_comes_again_with_the_same_id(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    update = await client.send_text(user["id"], "once")
    [got] = await get_updates(http, api)
    await client.redeliver(update["update_id"])
    later = await client.send_text(user["id"], "later")
    again = await get_updates(http, api, offset=got["update_id"] + 1)
    assert [u["update_id"] for u in again] == [update["update_id"], later["update_id"]]
    assert again[0] == got
    assert await get_updates(http, api, offset=again[-1]["update_id"] + 1) == []


async def test_allowed_updates_filters_new_updates(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    await get_updates(http, api, allowed_updates='["callback_query"]')
    await client.send_text(user["id"], "ignored")
    assert await get_updates(http, api) == []


async def test_a_second_poller_terminates_the_first_with_409(
    api: str, http: aiohttp.ClientSession
) -> None:
    first = asyncio.create_task(http.post(f"{api}/getUpdates", data={"timeout": "5"}))
    await asyncio.sleep(0.2)
    assert await get_updates(http, api, timeout=0) == []
    response = await asyncio.wait_for(first, 3)
    assert response.status == 409
    assert (await response.json())["description"].startswith("Conflict: terminated")

"""Webhook delivery like Telegram's: chats in parallel up to max_connections, each in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.sandbox import SandboxClient

GUARD = 10.0  # only ends a test that would otherwise hang; nothing here is timed
Handler = Callable[[dict[str, Any]], Awaitable[int]]


class Hook:
    """A webhook endpoint whose answer (a status) comes from a per-test coroutine."""

    def __init__(self) -> None:
        self.handler: Handler | None = None
        self.log: list[tuple[str, str, int]] = []  # (event, text, status)
        self.in_flight = 0
        self.peak = 0
        self.changed = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        text = str(update["message"]["text"])
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        self.log.append(("start", text, 0))
        self._fire()
        try:
            status = await self.handler(update) if self.handler else 200
        finally:
            self.in_flight -= 1
        self.log.append(("end", text, status))
        self._fire()
        return web.json_response({}, status=status)

    def _fire(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()

    async def until(self, ready: Callable[[], bool]) -> None:
        async def wait() -> None:
            while not ready():
                await self.changed.wait()

        await asyncio.wait_for(wait(), GUARD)

    def ended(self, status: int = 200) -> list[str]:
        return [text for event, text, code in self.log if event == "end" and code == status]


@pytest.fixture
async def hook() -> AsyncIterator[tuple[Hook, str]]:
    receiver = Hook()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield receiver, f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    await runner.cleanup()


async def set_webhook(http: aiohttp.ClientSession, api: str, url: str, **extra: Any) -> None:
    async with http.post(f"{api}/setWebhook", json={"url": url, **extra}) as response:
        assert (await response.json())["result"] is True


async def test_a_chat_whose_delivery_is_slow_does_not_hold_up_another_chat(
    api: str, http: aiohttp.ClientSession, client: SandboxClient, hook: tuple[Hook, str]
) -> None:
    receiver, url = hook
    other_arrived = asyncio.Event()

    async def slow_for_ann(update: dict[str, Any]) -> int:
        if update["message"]["text"] == "ann 1":
            await asyncio.wait_for(other_arrived.wait(), GUARD)  # serial delivery never gets past
        else:
            other_arrived.set()
        return 200

    receiver.handler = slow_for_ann
    await set_webhook(http, api, url)
    ann, bob = (await client.create_user("Ann"))["id"], (await client.create_user("Bob"))["id"]
    await client.send_text(ann, "ann 1")
    await client.send_text(bob, "bob 1")
    await receiver.until(lambda: len(receiver.ended()) == 2)
    assert receiver.ended() == ["bob 1", "ann 1"]


async def test_a_refused_update_is_delivered_again_while_other_chats_go_on_and_order_holds(
    api: str, http: aiohttp.ClientSession, client: SandboxClient, hook: tuple[Hook, str]
) -> None:
    receiver, url = hook
    bob_done = asyncio.Event()

    async def refuse_ann_until_bob_is_in(update: dict[str, Any]) -> int:
        text = update["message"]["text"]
        if text.startswith("bob"):
            bob_done.set()
            return 200
        return 200 if bob_done.is_set() else 503

    receiver.handler = refuse_ann_until_bob_is_in
    await set_webhook(http, api, url)
    ann, bob = (await client.create_user("Ann"))["id"], (await client.create_user("Bob"))["id"]
    for n in (1, 2, 3):
        await client.send_text(ann, f"ann {n}")
    await receiver.until(lambda: "ann 1" in receiver.ended(503))
    await client.send_text(bob, "bob 1")  # while Ann's first update waits to be tried again
    await receiver.until(lambda: len(receiver.ended()) == 4)
    assert [t for t in receiver.ended() if t.startswith("ann")] == ["ann 1", "ann 2", "ann 3"]
    first_ann_2 = receiver.log.index(("start", "ann 2", 0))
    assert receiver.log.index(("end", "ann 1", 200)) < first_ann_2
    async with http.get(f"{api}/getWebhookInfo") as response:
        info = (await response.json())["result"]
    assert info["pending_update_count"] == 0 and "503" in info["last_error_message"]


async def test_no_more_deliveries_run_at_once_than_max_connections(
    api: str, http: aiohttp.ClientSession, client: SandboxClient, hook: tuple[Hook, str]
) -> None:
    receiver, url = hook
    release = asyncio.Event()

    async def held(update: dict[str, Any]) -> int:
        await asyncio.wait_for(release.wait(), GUARD)
        return 200

    receiver.handler = held
    await set_webhook(http, api, url, max_connections=3)
    users = [(await client.create_user(f"User {n}"))["id"] for n in range(10)]
    for n, user in enumerate(users):
        await client.send_text(user, f"user {n}")
    await receiver.until(lambda: receiver.in_flight == 3)
    async with http.get(f"{api}/getWebhookInfo") as response:
        info = (await response.json())["result"]
    assert info["pending_update_count"] == 10 and info["max_connections"] == 3
    release.set()
    await receiver.until(lambda: len(receiver.ended()) == 10)
    assert receiver.peak == 3
    assert sorted(receiver.ended()) == sorted(f"user {n}" for n in range(10))

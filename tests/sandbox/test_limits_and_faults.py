"""Rate limits (when on) and injected faults, as a sender sees them on the wire."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.sandbox import SandboxClient, SandboxServer
from bot.sandbox.ratelimit import RateLimiter


@pytest.fixture
async def limited() -> AsyncIterator[SandboxServer]:
    server = SandboxServer(port=0, rate_limits=True)
    await server.start()
    yield server
    await server.stop()


async def send(http: aiohttp.ClientSession, api: str, chat_id: int) -> tuple[int, dict]:
    data = {"chat_id": chat_id, "text": "hi"}
    async with http.post(f"{api}/sendMessage", json=data) as response:
        return response.status, await response.json()


async def test_sending_too_fast_to_one_chat_gets_429_with_retry_after(
    limited: SandboxServer, http: aiohttp.ClientSession
) -> None:
    api = f"{limited.url}/bot{limited.token}"
    async with SandboxClient(limited.url) as client:
        user = await client.create_user("Ann")
        statuses = [(await send(http, api, user["id"]))[0] for _ in range(3)]
        status, body = await send(http, api, user["id"])
    assert statuses == [200, 200, 200]
    assert status == 429 and body["error_code"] == 429
    assert body["parameters"]["retry_after"] >= 1


async def test_without_rate_limits_a_burst_is_fine(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    for _ in range(10):
        assert (await send(http, api, user["id"]))[0] == 200


def test_the_limits_are_per_chat_per_group_and_overall() -> None:
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0])
    assert [limiter.retry_after(1, False) for _ in range(4)] == [None, None, None, 1]
    now[0] += 1.0
    assert limiter.retry_after(1, False) is None
    group = [limiter.retry_after(-5, True) for _ in range(21)]
    assert group.count(None) < 21
    for chat in range(100, 130):
        limiter.retry_after(chat, False)
    assert limiter.retry_after(999, False) == 1
    now[0] += 10.0
    assert limiter.retry_after(999, False) is None


def test_a_group_gets_about_twenty_messages_a_minute() -> None:
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0])
    sent = 0
    while (retry_after := limiter.retry_after(-5, True)) is None:
        sent += 1
        now[0] += 1.0  # one a second: fine for the chat, too fast for a group
    assert 20 <= sent <= 30
    assert retry_after >= 1


@pytest.mark.parametrize(
    ("kind", "status", "description"),
    [
        ("retry_after", 429, "Too Many Requests: retry after 7"),
        ("blocked", 403, "Forbidden: bot was blocked by the user"),
        ("server_error", 500, "Internal Server Error"),
    ],
)
async def test_an_injected_fault_hits_the_next_calls_only(
    api: str,
    http: aiohttp.ClientSession,
    client: SandboxClient,
    kind: str,
    status: int,
    description: str,
) -> None:
    user = await client.create_user("Ann")
    await client.inject_fault("sendMessage", kind, count=2, retry_after=7)
    results = [await send(http, api, user["id"]) for _ in range(3)]
    assert [code for code, _ in results] == [status, status, 200]
    assert results[0][1]["description"] == description
    if status == 429:
        assert results[0][1]["parameters"] == {"retry_after": 7}
    calls = await client.calls("sendMessage")
    assert [c["status"] for c in calls] == [status, status, 200]


async def test_a_slow_fault_delays_the_answer(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    await client.inject_fault("sendMessage", "slow", delay=0.5)
    started = time.monotonic()
    assert (await send(http, api, user["id"]))[0] == 200
    assert time.monotonic() - started >= 0.5


async def test_a_user_who_blocked_the_bot_gives_403(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    user = await client.create_user("Ann")
    await client.block_bot(user["id"])
    status, body = await send(http, api, user["id"])
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")

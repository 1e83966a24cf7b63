"""Rate limits shared by several web workers through Redis, and what happens when it is down.

The Redis tests run when COPRO_TEST_REDIS_URL is set (.ci/run sets it); each run writes under
a prefix of its own and deletes its keys afterwards.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace

import pytest
from aiohttp import DummyCookieJar
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from bot.bootstrap import App
from bot.web.limits import Limiter, RateLimiter
from bot.web.redis_limits import RedisRateLimiter, redis_client
from bot.web.server import make_web_app
from bot.web.web_limits import PER_ADDRESS, WebLimits

REDIS_URL = os.environ.get("COPRO_TEST_REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="COPRO_TEST_REDIS_URL is not set")
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1
SECRET = b"limits-test-secret"


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    name = f"copro-test-{uuid.uuid4().hex}"
    yield name
    if REDIS_URL:
        client = Redis.from_url(REDIS_URL)
        keys = [key async for key in client.scan_iter(match=f"{name}:*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


MakeLimiter = Callable[[int, float], Limiter]


@pytest.fixture(params=["memory", pytest.param("redis", marks=needs_redis)])
async def make_limiter(request: pytest.FixtureRequest, prefix: str) -> AsyncIterator[MakeLimiter]:
    clients: list[Redis] = []

    def make(limit: int, window: float) -> Limiter:
        if request.param == "memory":
            return RateLimiter(limit, window)
        clients.append(redis_client(REDIS_URL))
        return RedisRateLimiter(clients[-1], limit, window, prefix, "test", SECRET)

    yield make
    for client in clients:
        await client.aclose()


async def test_a_limiter_refuses_the_event_over_its_limit_and_says_when_to_retry(
    make_limiter: MakeLimiter,
) -> None:
    limiter = make_limiter(3, 60)
    assert [(await limiter.check("ip:a")).allowed for _ in range(3)] == [True] * 3
    refused = await limiter.check("ip:a")
    assert not refused.allowed and 1 <= refused.retry_after <= 60
    assert (await limiter.check("ip:b")).allowed  # another key has its own count


async def test_the_window_slides_so_a_key_may_act_again(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(1, 0.2)
    assert (await limiter.check("person:x")).allowed
    assert not (await limiter.check("person:x")).allowed
    await asyncio.sleep(0.25)
    assert (await limiter.check("person:x")).allowed


def _worker(app: App, limits: WebLimits) -> TestClient:
    """One `copro web` worker: its own app, with its own limits built from the settings; its
    client keeps no cookie, so every post is counted per address only."""
    server = TestServer(make_web_app(replace(app.web, limits=limits)))
    return TestClient(server, cookie_jar=DummyCookieJar())


def _chosen(url: str, prefix: str) -> WebLimits:
    return WebLimits.chosen(url, [], prefix, SECRET)


@needs_redis
async def test_two_workers_sharing_redis_share_the_limit_per_address(
    app: App, prefix: str
) -> None:
    limit = PER_ADDRESS[0]
    async with _worker(app, _chosen(REDIS_URL, prefix)) as one, \
            _worker(app, _chosen(REDIS_URL, prefix)) as two:
        for n in range(limit):
            response = await (one, two)[n % 2].post("/c/victoria-park")
            assert response.status != 429, n
        for worker in (one, two):
            refused = await worker.post("/c/victoria-park")
            assert refused.status == 429
            assert 1 <= int(refused.headers["Retry-After"]) <= 60
            assert "Please slow down" in await refused.text()


@needs_redis
async def test_redis_keys_are_namespaced_expiring_and_name_nobody(prefix: str) -> None:
    client = redis_client(REDIS_URL)
    limiter = RedisRateLimiter(client, 5, 60, prefix, "address", SECRET)
    await limiter.check("ip:198.51.100.7")
    keys = [key.decode() async for key in client.scan_iter(match=f"{prefix}:*")]
    assert len(keys) == 1 and keys[0].startswith(f"{prefix}:address:")
    assert "198.51.100.7" not in keys[0]
    assert 0 < await client.pttl(keys[0]) <= 60_000
    await client.aclose()


async def _post_many(client: TestClient, times: int) -> list[int]:
    return [(await client.post("/c/victoria-park")).status for _ in range(times)]


async def test_with_redis_down_the_web_channel_stays_up_and_limits_in_memory(
    app: App, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.web.redis_limits")
    client = redis_client(NOWHERE)
    limiter = RedisRateLimiter(client, 2, 60, prefix, "address", SECRET)
    async with _worker(app, WebLimits(per_address=limiter, redis=client)) as worker:
        page = await worker.get("/c/victoria-park")
        assert page.status == 200
        assert await _post_many(worker, 3) == [403, 403, 429]  # refused tokens, then the limit
    assert limiter.degraded
    warnings = [r for r in caplog.records if r.msg == "web.rate_limit.redis_unavailable"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING  # once per outage
    assert "127.0.0.1:1" not in caplog.text  # the address (it may hold a password) is not logged


async def test_the_limits_use_redis_only_when_a_url_is_set(prefix: str) -> None:
    in_memory = _chosen("", prefix)
    assert isinstance(in_memory.per_address, RateLimiter) and in_memory.redis is None
    shared = _chosen(NOWHERE, prefix)
    assert isinstance(shared.per_address, RedisRateLimiter)
    assert isinstance(shared.per_person, RedisRateLimiter)
    await shared.close()


@needs_redis
async def test_after_an_outage_redis_is_used_again(prefix: str) -> None:
    now = [0.0]
    client = redis_client(REDIS_URL)
    limiter = RedisRateLimiter(client, 1, 60, prefix, "person", SECRET, clock=lambda: now[0])
    async def failing(**_: object) -> int:
        raise ConnectionError("down")

    working, limiter._script = limiter._script, failing  # type: ignore[assignment]
    assert (await limiter.check("person:p")).allowed  # the fallback counted it
    limiter._script = working
    now[0] = 10.0  # past RETRY_SECONDS
    assert (await limiter.check("person:p")).allowed  # Redis had not counted the first
    assert not limiter.degraded
    assert not (await limiter.check("person:p")).allowed
    await client.aclose()

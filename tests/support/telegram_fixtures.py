"""Pytest fixtures that run the real bot against the built-in sandbox, for end-to-end tests,
and the small helpers the chat tests share to read what the bot sent.

A test folder's conftest imports the ones it needs (`server`, `sandbox`, `framework`, `bot`)
and supplies an `app` fixture of its own; `framework` runs every test on aiogram and PTB.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import aiohttp
import pytest
from aiohttp import web

from bot.bootstrap import App
from bot.messaging.rate_limit import RateLimiter
from bot.sandbox import SandboxClient, SandboxServer
from bot.telegram.runners import BotRunner, make_runner
from bot.telegram.webhook import build_webhook_app
from tests.support.scratch import scratch_schema

FRAMEWORKS = ["aiogram", "ptb"]
STOP_TIMEOUT = 10.0
HTTP_TIMEOUT = 20.0


def require_test_postgres() -> str:
    """COPRO_TEST_DATABASE_URL, or skip the test that needs PostgreSQL."""
    base = os.environ.get("COPRO_TEST_DATABASE_URL")
    if not base:
        pytest.skip("COPRO_TEST_DATABASE_URL is not set")
    return base


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the test PostgreSQL, dropped after the test (skips without one)."""
    with scratch_schema(require_test_postgres()) as url:
        yield url


@asynccontextmanager
async def webhook_worker(app: App, sandbox: SandboxServer, secret: str) -> AsyncIterator[str]:
    """The bot's webhook server for `app` (aiogram, limits open); yields its base URL."""
    runner = make_runner(app.chat, "aiogram", sandbox.token, sandbox.url,
                         RateLimiter(per_chat=1000, chat_burst=1000, overall=1000))
    await runner.start()
    site = web.AppRunner(build_webhook_app(runner, secret), access_log=None)
    await site.setup()
    await web.TCPSite(site, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{site.addresses[0][1]}"
    finally:
        await runner.close()
        await site.cleanup()


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    """The sandbox; the test fails if it ever emitted an object the Bot API forbids."""
    sandbox_server = SandboxServer(port=0, rate_limits=False)
    await sandbox_server.start()
    try:
        yield sandbox_server
    finally:
        await sandbox_server.stop()
    assert sandbox_server.sandbox.violations == []


@pytest.fixture
async def sandbox(server: SandboxServer) -> AsyncIterator[SandboxClient]:
    """The sandbox's test API; no request to it may take more than HTTP_TIMEOUT seconds."""
    timeout = aiohttp.ClientTimeout(total=HTTP_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        yield SandboxClient(server.url, session)


@pytest.fixture(params=FRAMEWORKS)
def framework(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def bot(app: App, server: SandboxServer, framework: str) -> AsyncIterator[BotRunner]:
    """Copro polling the sandbox with the real client library (Telegram pacing off)."""
    limiter = RateLimiter(per_chat=1000.0, chat_burst=1000.0, overall=1000.0)
    runner = make_runner(app.chat, framework, server.token, server.url, limiter)
    await asyncio.wait_for(runner.start(), STOP_TIMEOUT)
    await asyncio.wait_for(runner.poll(), STOP_TIMEOUT)
    try:
        yield runner
    finally:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(runner.stop(), STOP_TIMEOUT)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(runner.close(), STOP_TIMEOUT)


Message = dict[str, Any]
"""A bot message as the sandbox's test API shows it."""
T = TypeVar("T")
REPLY_TIMEOUT = 10.0
POLL_INTERVAL = 0.03


def buttons(message: Message) -> list[list[tuple[str, str]]]:
    """The message's inline keyboard as rows of (label, callback data); [] when none."""
    markup = message.get("reply_markup") or {}
    return [
        [(b["text"], b.get("callback_data", "")) for b in row]
        for row in markup.get("inline_keyboard", [])
    ]


def labels(message: Message) -> list[str]:
    return [label for row in buttons(message) for label, _ in row]


async def eventually(
    probe: Callable[[], Awaitable[T | None]], what: str, timeout: float = REPLY_TIMEOUT
) -> T:
    """Poll `probe` until it returns something other than None (or fail, saying `what`)."""
    deadline = time.monotonic() + timeout
    while True:
        found = await probe()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(POLL_INTERVAL)

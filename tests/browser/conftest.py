"""Fixtures for the chat page in Chromium: a bare sandbox, the bot's Bot API calls, a page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.sandbox import SandboxServer
from tests.support.browser import BotCalls, chromium_page


@pytest.fixture
async def bot(server: SandboxServer) -> AsyncIterator[BotCalls]:
    """No Copro here: the test makes the bot's Bot API calls itself (`server` is the bare
    sandbox from tests.support.telegram_fixtures)."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
        yield BotCalls(session, f"{server.url}/bot{server.token}")


@pytest.fixture
async def page() -> AsyncIterator[Any]:
    """A phone-sized page in Debian's Chromium (skipped when it is not installed)."""
    async with chromium_page() as chat_page:
        yield chat_page

"""Fixtures: a sandbox on a free port, its test-API client, and the two real bot clients."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.sandbox import SandboxClient, SandboxServer


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    """A running sandbox; fails the test if it emitted anything the Bot API forbids."""
    sandbox_server = SandboxServer(port=0)
    await sandbox_server.start()
    try:
        yield sandbox_server
    finally:
        await sandbox_server.stop()
    assert sandbox_server.sandbox.violations == []


@pytest.fixture
async def client(server: SandboxServer) -> AsyncIterator[SandboxClient]:
    """The test API client for `server`."""
    async with SandboxClient(server.url) as sandbox_client:
        yield sandbox_client


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP session for wire-level checks."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
        yield session


@pytest.fixture
def api(server: SandboxServer) -> str:
    """The Bot API method root for the sandbox token."""
    return f"{server.url}/bot{server.token}"

"""Finding 15: the test API takes only JSON posts, and only under a loopback Host header."""

from __future__ import annotations

import aiohttp
import pytest

from bot.sandbox import SandboxClient, SandboxServer

USER = {"first_name": "Mallory"}


async def users(client: SandboxClient) -> list[str]:
    return [user["first_name"] for user in await client.users()]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
async def test_finding15_a_cross_origin_simple_post_is_refused(
    server: SandboxServer, client: SandboxClient, http: aiohttp.ClientSession, content_type: str
) -> None:
    before = await users(client)
    async with http.post(f"{server.url}/_sandbox/users", data=b'{"first_name": "Mallory"}',
                         headers={"Content-Type": content_type}) as response:
        assert response.status == 415
        assert "application/json" in (await response.json())["error"]
    async with http.post(f"{server.url}/_sandbox/reset") as response:  # no body, no type
        assert response.status == 415
    assert await users(client) == before


@pytest.mark.parametrize("host", ["evil.example", "attacker.test:8080", "192.168.1.20", "10.0.0.1"])
async def test_finding15_a_foreign_host_header_is_refused(
    server: SandboxServer, client: SandboxClient, http: aiohttp.ClientSession, host: str
) -> None:
    before = await users(client)
    async with http.post(f"{server.url}/_sandbox/users", json=USER,
                         headers={"Host": host}) as response:
        assert response.status == 403
    async with http.get(f"{server.url}/_sandbox/chats", headers={"Host": host}) as response:
        assert response.status == 403  # a rebinding page cannot read the chats either
    assert await users(client) == before


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:8080", "[::1]:8080", "127.0.0.2"])
async def test_finding15_json_to_a_loopback_host_still_works(
    server: SandboxServer, client: SandboxClient, http: aiohttp.ClientSession, host: str
) -> None:
    async with http.post(f"{server.url}/_sandbox/users", json=USER,
                         headers={"Host": host}) as response:
        assert response.status == 200, await response.text()
    assert "Mallory" in await users(client)
    await client.clear_faults()  # DELETE without a body: needs a preflight, so allowed
    await client.reset()

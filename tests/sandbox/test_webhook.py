"""Webhook delivery: the secret token header, and retries after a non-2xx answer."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.sandbox import SandboxClient, SandboxServer


class Receiver:
    """A tiny webhook endpoint that fails its first `failures` deliveries."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.deliveries: list[tuple[dict[str, Any], str | None, int]] = []
        self.arrived = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        status = 500 if self.failures > 0 else 200
        self.failures -= 1
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.deliveries.append((await request.json(), secret, status))
        if status == 200:
            self.arrived.set()
        return web.json_response({}, status=status)


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    hook = Receiver(failures=2)
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    yield hook, f"http://127.0.0.1:{port}/hook"
    await runner.cleanup()


async def test_updates_are_posted_with_the_secret_and_retried_until_2xx(
    api: str,
    http: aiohttp.ClientSession,
    client: SandboxClient,
    receiver: tuple[Receiver, str],
) -> None:
    hook, url = receiver
    data = {"url": url, "secret_token": "s3cret-token"}
    async with http.post(f"{api}/setWebhook", data=data) as response:
        assert (await response.json())["result"] is True
    user = await client.create_user("Ann")
    update = await client.send_text(user["id"], "via webhook")
    await asyncio.wait_for(hook.arrived.wait(), 5)
    assert [status for _, _, status in hook.deliveries] == [500, 500, 200]
    assert all(body == update for body, _, _ in hook.deliveries)
    assert {secret for _, secret, _ in hook.deliveries} == {"s3cret-token"}
    async with http.get(f"{api}/getWebhookInfo") as response:
        info = (await response.json())["result"]
    assert info["url"] == url and info["pending_update_count"] == 0
    assert "500" in info["last_error_message"]


async def test_a_webhook_reply_body_can_call_a_method(
    api: str, http: aiohttp.ClientSession, client: SandboxClient
) -> None:
    async def reply(request: web.Request) -> web.Response:
        update = await request.json()
        chat_id = update["message"]["chat"]["id"]
        return web.json_response({"method": "sendMessage", "chat_id": chat_id, "text": "pong"})

    app = web.Application()
    app.router.add_post("/hook", reply)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await http.post(f"{api}/setWebhook", data={"url": f"http://127.0.0.1:{port}/hook"})
        user = await client.create_user("Ann")
        await client.send_text(user["id"], "ping")
        [message] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
        assert message["text"] == "pong"
    finally:
        await runner.cleanup()


async def test_aiogram_in_webhook_mode_checks_the_secret_and_replies_in_the_response(
    server: SandboxServer, client: SandboxClient
) -> None:
    from aiogram import Dispatcher
    from aiogram.methods import SendMessage
    from aiogram.types import Message
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler
    from sandbox_bots import aiogram_bot

    dispatcher = Dispatcher()

    @dispatcher.message()
    async def pong(message: Message) -> SendMessage:
        return message.answer(f"pong: {message.text}")

    bot = aiogram_bot(server)
    app = web.Application()
    SimpleRequestHandler(
        dispatcher, bot, handle_in_background=False, secret_token="right-secret"
    ).register(app, path="/hook")
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        await bot.set_webhook(url, secret_token="right-secret")
        assert (await bot.get_webhook_info()).url == url
        user = await client.create_user("Ann")
        await client.send_text(user["id"], "ping")
        [message] = await client.wait_for_bot_messages(user["id"], 1, timeout=5)
        assert message["text"] == "pong: ping"
        await bot.set_webhook(url, secret_token="wrong-secret")
        await client.send_text(user["id"], "refused")
        for _ in range(50):
            info = await bot.get_webhook_info()
            if info.last_error_message:
                break
            await asyncio.sleep(0.05)
        assert info.pending_update_count == 1 and "401" in (info.last_error_message or "")
        await bot.delete_webhook(drop_pending_updates=True)
    finally:
        await bot.session.close()
        await runner.cleanup()

"""Deliver the sandbox's updates to webhook workers ourselves, the way a careless Telegram
might: each one two or three times, shuffled, late copies after newer updates, spread over
several workers; a delivery that is not answered 2xx is delivered again, as Telegram does."""

from __future__ import annotations

import asyncio
import contextlib
import random
from typing import Any

import aiohttp

from bot.sandbox import SandboxClient
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH


class WebhookPusher:
    """Runs in the background (`async with`), pushing every new pending update."""

    def __init__(
        self, client: SandboxClient, worker_urls: list[str], secret: str,
        copies: tuple[int, int] = (2, 3), seed: int = 7,
    ) -> None:
        self.client = client
        self.urls = [url.rstrip("/") + WEBHOOK_PATH for url in worker_urls]
        self.secret = secret
        self.copies = copies
        self.random = random.Random(seed)
        self.delivered: set[int] = set()
        self.deliveries = 0
        self.statuses: list[int] = []
        self._late: list[dict[str, Any]] = []
        self._turns: dict[int, int] = {}
        self._task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> WebhookPusher:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._task is not None:
            if self._task.done() and self._task.exception() is not None:
                raise self._task.exception()  # type: ignore[misc]
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._http is not None:
            await self._http.close()

    async def _run(self) -> None:
        while True:
            fresh = [u for u in await self.client.pending_updates()
                     if u["update_id"] not in self.delivered]
            self.delivered.update(u["update_id"] for u in fresh)
            repeats = [u for u in fresh for _ in range(self.random.randint(*self.copies) - 1)]
            repeats += self._late  # copies of earlier updates, arriving after newer ones
            self._late = [u for u in fresh if self.random.random() < 0.3]
            self.random.shuffle(repeats)
            # First copies go in order within a chat (as Telegram sends one chat's updates)
            # and alternate between the workers; then the repeats, shuffled, all at once.
            chats: dict[int, list[dict[str, Any]]] = {}
            for update in fresh:
                chats.setdefault(_chat_of(update), []).append(update)
            await asyncio.gather(*(self._in_order(updates) for updates in chats.values()))
            await asyncio.gather(*(self._deliver(u, n) for n, u in enumerate(repeats)))
            await asyncio.sleep(0.05)

    async def _in_order(self, updates: list[dict[str, Any]]) -> None:
        for update in updates:
            chat = _chat_of(update)
            self._turns[chat] = self._turns.get(chat, -1) + 1
            await self._deliver(update, self._turns[chat])

    async def _deliver(self, update: dict[str, Any], turn: int) -> None:
        """POST until answered 2xx (Telegram keeps trying), alternating the workers."""
        assert self._http is not None
        for attempt in range(60):
            url = self.urls[(turn + attempt) % len(self.urls)]
            self.deliveries += 1
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with self._http.post(
                    url, json=update, headers={SECRET_HEADER: self.secret}
                ) as response:
                    self.statuses.append(response.status)
                    if response.status < 300:
                        return
            await asyncio.sleep(min(0.2 * 2**attempt, 2.0))
        raise AssertionError(f"update {update['update_id']} was never accepted")


def _chat_of(update: dict[str, Any]) -> int:
    event = update.get("message") or update.get("callback_query") or {}
    return int((event.get("from") or {}).get("id", 0))

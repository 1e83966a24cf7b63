"""Delivers queued updates to the bot's webhook like Telegram: up to max_connections requests
at once, one chat's updates strictly in order, each retried with backoff until a 2xx."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from bot.sandbox.objects import unix_now
from bot.sandbox.params import Upload
from bot.sandbox.updates import QueuedUpdate, UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ReplyHandler = Callable[[str, dict[str, Any], dict[str, Upload]], Awaitable[None]]
log = logging.getLogger(__name__)
SHARED_KEY = "shared"  # updates that belong to no chat or user wait for one another


def ordering_key(update: dict[str, Any]) -> str:
    """Whose updates must arrive in order: the chat's, else the sender's, else everyone's."""
    payload = next((v for k, v in update.items() if k != "update_id"), None)
    if isinstance(payload, dict):
        chat = payload.get("chat")
        if isinstance(chat, dict) and "id" in chat:
            return f"chat:{chat['id']}"
        sender = payload.get("from") or payload.get("user")
        if isinstance(sender, dict) and "id" in sender:
            return f"user:{sender['id']}"
    return SHARED_KEY


class WebhookDeliverer:
    """POSTs updates concurrently across chats; a chat's next update waits for its previous."""

    def __init__(
        self,
        queue: UpdateQueue,
        on_reply: ReplyHandler,
        retry_delay: float = 0.2,
        max_attempts: int = 20,
        timeout: float = 10.0,
    ) -> None:
        self.queue = queue
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._on_reply = on_reply
        self._retry_delay = retry_delay
        self._max_attempts = max_attempts
        self._timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self._busy: dict[str, asyncio.Task[None]] = {}  # ordering key -> its one delivery

    @property
    def active(self) -> bool:
        """Whether a webhook is set."""
        return bool(self.url)

    async def configure(self, url: str, secret_token: str | None, max_connections: int) -> None:
        """Set (or with an empty url, remove) the webhook."""
        await self.disable()
        self.url, self.secret_token = url, secret_token
        self.max_connections = max(1, int(max_connections))
        if url:
            self._task = asyncio.create_task(self._run(), name="sandbox-webhook")

    async def disable(self) -> None:
        """Stop delivering and forget the webhook."""
        self.url, self.secret_token = "", None
        self.last_error_date = self.last_error_message = None
        tasks = [*self._busy.values(), *([self._task] if self._task is not None else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._busy.clear()
        self._task = None

    def info(self) -> dict[str, Any]:
        """The WebhookInfo object."""
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.queue.entries),
        }
        if self.url:
            info["max_connections"] = self.max_connections
            if self.queue.allowed:
                info["allowed_updates"] = sorted(self.queue.allowed)
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message or ""
        return info

    def _ready(self) -> list[tuple[str, QueuedUpdate]]:
        """The oldest waiting update of each chat that has none in flight, within the limit."""
        free = self.max_connections - len(self._busy)
        chosen: list[tuple[str, QueuedUpdate]] = []
        seen: set[str] = set()
        for entry in self.queue.entries:
            if len(chosen) >= free:
                break
            key = ordering_key(entry.update)
            if key not in seen and key not in self._busy:
                chosen.append((key, entry))
            seen.add(key)
        return chosen

    async def _run(self) -> None:
        connector = aiohttp.TCPConnector(limit=self.max_connections)
        timeout = aiohttp.ClientTimeout(self._timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
            while True:
                await self.queue.signal.wait_until(lambda: bool(self._ready()), 3600)
                for key, entry in self._ready():
                    entry.delivered = True
                    delivery = self._deliver_until_done(http, key, entry)
                    self._busy[key] = asyncio.create_task(delivery)

    async def _deliver_until_done(
        self, http: aiohttp.ClientSession, key: str, entry: QueuedUpdate
    ) -> None:
        """Try one update until a 2xx or max_attempts; meanwhile its chat's next one waits."""
        try:
            for attempt in range(1, self._max_attempts + 1):
                if await self._deliver(http, entry.update):
                    break
                if attempt == self._max_attempts:
                    log.warning("webhook gave up on update %s", entry.update_id)
                    break
                await asyncio.sleep(min(self._retry_delay * 2 ** (attempt - 1), 5.0))
            self.queue.remove(entry)
        finally:
            self._busy.pop(key, None)
            self.queue.signal.fire()

    async def _deliver(self, http: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        headers = {SECRET_HEADER: self.secret_token} if self.secret_token else {}
        try:
            async with http.post(self.url, json=update, headers=headers) as response:
                if not 200 <= response.status < 300:
                    self._failed(f"Wrong response from the webhook: {response.status}")
                    return False
                try:
                    await self._handle_reply(response)
                except ValueError as error:  # a 2xx with a body that is not a method call
                    log.info("webhook reply unreadable: %s", error.__class__.__name__)
                return True
        except (aiohttp.ClientError, TimeoutError) as error:
            self._failed(f"Connection failed: {error.__class__.__name__}")
            return False

    def _failed(self, message: str) -> None:
        self.last_error_date, self.last_error_message = unix_now(), message

    async def _handle_reply(self, response: aiohttp.ClientResponse) -> None:
        """A webhook may answer with a method call in its body, which Telegram executes."""
        values: dict[str, Any] = {}
        uploads: dict[str, Upload] = {}
        if response.content_type == "application/json":
            body = await response.json(content_type=None)
            values = body if isinstance(body, dict) else {}
        elif response.content_type.startswith("multipart/"):
            reader = aiohttp.MultipartReader(response.headers, response.content)
            while (part := await reader.next()) is not None:
                if not isinstance(part, aiohttp.BodyPartReader) or not part.name:
                    continue
                data = await part.read()
                if part.filename:
                    content_type = part.headers.get("Content-Type", "application/octet-stream")
                    uploads[part.name] = Upload(bytes(data), part.filename, content_type)
                else:
                    values[part.name] = bytes(data).decode("utf-8", "replace")
        method = values.pop("method", None)
        if isinstance(method, str) and method:
            try:
                await self._on_reply(method, values, uploads)
            except Exception as error:  # Telegram ignores errors of webhook replies
                log.info("webhook reply %s failed: %s", method, error)

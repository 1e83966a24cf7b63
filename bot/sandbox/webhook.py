"""Delivers queued updates to the bot's webhook, retrying deliveries that get no 2xx."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from bot.sandbox.objects import unix_now
from bot.sandbox.params import Upload
from bot.sandbox.updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ReplyHandler = Callable[[str, dict[str, Any], dict[str, Upload]], Awaitable[None]]
log = logging.getLogger(__name__)


class WebhookDeliverer:
    """POSTs each update in order; on failure waits and tries the same update again."""

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
        self.attempts = 0
        self._on_reply = on_reply
        self._retry_delay = retry_delay
        self._max_attempts = max_attempts
        self._timeout = timeout
        self._task: asyncio.Task[None] | None = None

    @property
    def active(self) -> bool:
        """Whether a webhook is set."""
        return bool(self.url)

    async def configure(self, url: str, secret_token: str | None, max_connections: int) -> None:
        """Set (or with an empty url, remove) the webhook."""
        await self.disable()
        self.url, self.secret_token, self.max_connections = url, secret_token, max_connections
        if url:
            self._task = asyncio.create_task(self._run(), name="sandbox-webhook")

    async def disable(self) -> None:
        """Stop delivering and forget the webhook."""
        self.url, self.secret_token = "", None
        self.last_error_date = self.last_error_message = None
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
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

    async def _run(self) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(self._timeout)) as http:
            while True:
                await self.queue.signal.wait_until(lambda: bool(self.queue.entries), 3600)
                entry = self.queue.entries[0]
                entry.delivered = True
                if await self._deliver(http, entry.update):
                    self.queue.remove(entry)
                    self.attempts = 0
                    continue
                self.attempts += 1
                if self.attempts >= self._max_attempts:
                    log.warning("webhook gave up on update %s", entry.update_id)
                    self.queue.remove(entry)
                    self.attempts = 0
                await asyncio.sleep(min(self._retry_delay * 2 ** (self.attempts - 1), 5.0))

    async def _deliver(self, http: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        headers = {SECRET_HEADER: self.secret_token} if self.secret_token else {}
        try:
            async with http.post(self.url, json=update, headers=headers) as response:
                if not 200 <= response.status < 300:
                    self._failed(f"Wrong response from the webhook: {response.status}")
                    return False
                await self._handle_reply(response)
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

"""The sandbox itself: its state, and the pipeline every Bot API method call goes through."""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.sandbox.errors import ApiError, bad_request, too_many_requests
from bot.sandbox.faults import FaultInjector
from bot.sandbox.files import FileStore
from bot.sandbox.methods import HANDLERS
from bot.sandbox.objects import bot_user, user_ref
from bot.sandbox.params import Upload, coerce_params
from bot.sandbox.ratelimit import RateLimiter
from bot.sandbox.updates import UpdateQueue
from bot.sandbox.validator import BotApiSpec, SpecViolation
from bot.sandbox.webhook import WebhookDeliverer
from bot.sandbox.world import ChatRecord, World

DEFAULT_TOKEN = "123456:sandbox-token"
Handler = Callable[["Sandbox", dict[str, Any]], Awaitable[Any]]
log = logging.getLogger(__name__)


class Sandbox:
    """One bot's view of Telegram: users, chats, updates, files, faults and limits."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        rate_limits: bool = False,
        validate: bool = True,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        if not token.split(":", 1)[0].isdigit() or ":" not in token:
            raise ValueError("a bot token looks like <digits>:<secret>")
        self.token = token
        self.rate_limits = rate_limits
        self.validate = validate
        self.spec = BotApiSpec.load()
        self.bot = bot_user(token)
        self.violations: list[str] = []
        self.closing = False
        self.updates = UpdateQueue()
        self.webhook = WebhookDeliverer(self.updates, self._webhook_reply, webhook_retry_delay)
        self.world = World()
        self.files = FileStore()
        self.faults = FaultInjector()
        self.limiter = RateLimiter()
        self.calls: deque[dict[str, Any]] = deque(maxlen=5000)
        self.call_counts: Counter[str] = Counter()
        """Every Bot API call by method since start (the call log keeps only the latest)."""

    @property
    def bot_ref(self) -> dict[str, Any]:
        """The bot as it appears in the `from` of its messages."""
        return user_ref(self.bot)

    async def reset(self) -> None:
        """Forget users, chats, files, faults, the webhook and pending updates."""
        await self.webhook.disable()
        self.updates.clear()
        self.updates.history.clear()
        self.updates.allowed = frozenset()
        self.world.clear()
        self.files = FileStore()
        self.faults.clear()
        self.limiter = RateLimiter()
        self.calls.clear()
        self.call_counts.clear()
        self.violations.clear()

    async def close(self) -> None:
        """Stop the webhook and answer every waiting long poll now."""
        self.closing = True
        await self.webhook.disable()
        self.updates.close()
        self.world.changed.fire()

    def emit(self, value: Any, types: str | tuple[str, ...], where: str) -> Any:
        """Return the value if the Bot API allows it; otherwise raise SpecViolation."""
        if self.validate:
            errors = self.spec.errors(value, types, where)
            if errors:
                message = f"invalid {where}: " + "; ".join(errors[:5])
                self.violations.append(message)
                log.error("sandbox emitted an invalid object: %s", message)
                raise SpecViolation(message)
        return value

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Make a new update of this kind, check it, and queue it for the bot."""
        update = {"update_id": self.updates.next_update_id(), kind: copy.deepcopy(payload)}
        self.emit(update, "Update", "Update")
        self.updates.push(update)
        return update

    def check_rate(self, chat: ChatRecord) -> None:
        """Answer 429 when this send breaks Telegram's limits (only when they are on)."""
        if self.rate_limits:
            retry_after = self.limiter.retry_after(chat.chat_id, chat.is_group)
            if retry_after is not None:
                raise too_many_requests(retry_after)

    async def call_method(
        self, method: str, raw: dict[str, Any], uploads: dict[str, Upload]
    ) -> Any:
        """Run one Bot API method: faults, parameter checks, the method, result validation."""
        if not self.spec.has_method(method):
            raise ApiError(404, "Not Found")
        handler = HANDLERS.get(method.lower())
        if handler is None:
            raise bad_request(f"the Copro sandbox does not implement {method}")
        fault = self.faults.take(method)
        if fault is not None:
            error = fault.error()
            if error is not None:
                raise error
            await asyncio.sleep(fault.delay)
        params = coerce_params(self.spec, method, raw, uploads)
        result = await handler(self, params)
        name = self.spec.method_name(method)
        return self.emit(result, self.spec.method_returns(method), f"{name} result")

    def record_call(self, method: str, raw: dict[str, Any], status: int) -> None:
        """Remember a call for the test API (uploads are left out)."""
        params = {k: v for k, v in raw.items() if isinstance(v, str | int | float | bool)}
        self.calls.append({"method": method, "params": params, "status": status, "at": time.time()})
        self.call_counts[method] += 1

    async def _webhook_reply(
        self, method: str, raw: dict[str, Any], uploads: dict[str, Upload]
    ) -> None:
        try:
            await self.call_method(method, raw, uploads)
            self.record_call(method, raw, 200)
        except ApiError as error:
            self.record_call(method, raw, error.status)
            raise


SANDBOX_KEY = web.AppKey("sandbox", Sandbox)

"""Choose the framework adapter: aiogram (the default) or python-telegram-bot."""

from __future__ import annotations

from typing import Any, Protocol

from bot.messaging.rate_limit import RateLimiter
from bot.telegram.runtime import ChatRuntime
from bot.telegram.services import ChatServices


class BotRunner(Protocol):
    runtime: ChatRuntime

    async def start(self) -> None: ...

    async def poll(self) -> None: ...

    async def feed(self, update: dict[str, Any]) -> None: ...

    async def set_webhook(self, url: str, secret: str) -> None: ...

    async def stop(self) -> None: ...

    async def close(self) -> None: ...


def make_runner(
    services: ChatServices,
    framework: str,
    token: str,
    api_url: str,
    limiter: RateLimiter | None = None,
) -> BotRunner:
    if framework == "ptb":
        from bot.telegram.ptb_adapter.runner import PtbRunner

        return PtbRunner(services, token, api_url, limiter)
    if framework == "aiogram":
        from bot.telegram.aiogram_adapter.runner import AiogramRunner

        return AiogramRunner(services, token, api_url, limiter)
    raise ValueError(f"unknown framework {framework!r}: use aiogram or ptb")

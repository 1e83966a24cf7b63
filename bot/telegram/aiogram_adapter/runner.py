"""Run Copro on aiogram: a router per kind of update, polling or fed by the webhook server."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message, Update

from bot.messaging.rate_limit import RateLimiter
from bot.telegram.aiogram_adapter.api import AiogramBotApi
from bot.telegram.aiogram_adapter.session import LeanAiohttpSession
from bot.telegram.aiogram_adapter.updates import incoming_message, incoming_tap
from bot.telegram.runtime import ChatRuntime
from bot.telegram.services import ChatServices

ALLOWED_UPDATES = ["message", "callback_query"]


def build_router(runtime: ChatRuntime) -> Router:
    router = Router(name="chat")

    @router.message()
    async def on_message(message: Message, event_update: Update) -> None:
        incoming = incoming_message(message, event_update.update_id)
        if incoming is not None:
            await runtime.on_message(incoming)

    @router.callback_query()
    async def on_tap(query: CallbackQuery, event_update: Update) -> None:
        await runtime.on_tap(incoming_tap(query, event_update.update_id))

    return router


class AiogramRunner:
    def __init__(
        self,
        services: ChatServices,
        token: str,
        api_url: str,
        limiter: RateLimiter | None = None,
    ) -> None:
        session = LeanAiohttpSession(api=TelegramAPIServer.from_base(api_url.rstrip("/")))
        self.bot = Bot(token, session=session)
        self.runtime = ChatRuntime(services, AiogramBotApi(self.bot), limiter)
        self.dispatcher = Dispatcher(disable_fsm=True)  # state lives in the database
        self.dispatcher.include_router(build_router(self.runtime))
        self._polling: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.runtime.set_commands()

    async def poll(self) -> None:
        """Start long-polling in the background, until `stop`."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        self._polling = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot,
                handle_signals=False,
                allowed_updates=ALLOWED_UPDATES,
                close_bot_session=False,
            )
        )

    async def feed(self, update: dict[str, Any]) -> None:
        """Handle one update delivered by webhook; returns when it is fully handled."""
        await self.dispatcher.feed_raw_update(self.bot, update)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    async def stop(self) -> None:
        if self._polling is not None:
            with contextlib.suppress(RuntimeError):
                await self.dispatcher.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
            self._polling = None

    async def close(self) -> None:
        await self.runtime.close()
        await self.bot.session.close()

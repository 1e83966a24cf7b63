"""Run Copro on python-telegram-bot: two handlers, polling or fed by the webhook server."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.messaging.rate_limit import RateLimiter
from bot.telegram.ptb_adapter.api import PtbBotApi
from bot.telegram.ptb_adapter.updates import incoming_message, incoming_tap
from bot.telegram.runtime import ChatRuntime
from bot.telegram.services import ChatServices

ALLOWED_UPDATES = ["message", "callback_query"]


class PtbRunner:
    def __init__(
        self,
        services: ChatServices,
        token: str,
        api_url: str,
        limiter: RateLimiter | None = None,
    ) -> None:
        root = api_url.rstrip("/")
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(token)
            .base_url(f"{root}/bot")
            .base_file_url(f"{root}/file/bot")
            .concurrent_updates(True)
            .build()
        )
        self.runtime = ChatRuntime(services, PtbBotApi(self.application.bot), limiter)
        self.application.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE, self._on_message)
        )
        self.application.add_handler(CallbackQueryHandler(self._on_tap))
        self._polling = False

    async def _on_message(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        incoming = incoming_message(update)
        if incoming is not None:
            await self.runtime.on_message(incoming)

    async def _on_tap(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        tap = incoming_tap(update)
        if tap is not None:
            await self.runtime.on_tap(tap)

    async def start(self) -> None:
        await self.application.initialize()
        await self.application.start()
        await self.runtime.set_commands()

    async def poll(self) -> None:
        """Start long-polling; PTB polls in the background until `stop`."""
        assert self.application.updater is not None
        await self.application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        self._polling = True

    async def feed(self, update: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(update, self.application.bot))

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )

    async def stop(self) -> None:
        if self._polling and self.application.updater is not None:
            await self.application.updater.stop()
            self._polling = False

    async def close(self) -> None:
        await self.runtime.close()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

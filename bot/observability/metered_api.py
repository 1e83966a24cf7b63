"""The Bot API, counted: each call that reaches Telegram by method, each failure by reason.

Wrapping the API (rather than the sender) counts every sender built on it, the chat's and
the outbox drainer's alike.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from bot.messaging.actions import Keyboard
from bot.messaging.api import BadRequest, BotApi, Forbidden, RetryAfter, Unavailable
from bot.observability.metrics import Metrics

T = TypeVar("T")


class MeteredApi:
    def __init__(self, api: BotApi, metrics: Metrics) -> None:
        self.inner = api
        self.metrics = metrics

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard) -> int:
        return await self._counted("sendMessage", self.inner.send_message(chat_id, text, keyboard))

    async def edit_message_text(
        self, chat_id: int, message_id: int, text: str, keyboard: Keyboard
    ) -> None:
        call = self.inner.edit_message_text(chat_id, message_id, text, keyboard)
        await self._counted("editMessageText", call)

    async def edit_keyboard(self, chat_id: int, message_id: int, keyboard: Keyboard) -> None:
        call = self.inner.edit_keyboard(chat_id, message_id, keyboard)
        await self._counted("editMessageReplyMarkup", call)

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        call = self.inner.answer_callback(callback_id, text, alert)
        await self._counted("answerCallbackQuery", call)

    async def send_document(self, chat_id: int, filename: str, content: bytes, caption: str) -> int:
        call = self.inner.send_document(chat_id, filename, content, caption)
        return await self._counted("sendDocument", call)

    async def send_photo(self, chat_id: int, content: bytes, caption: str) -> int:
        return await self._counted("sendPhoto", self.inner.send_photo(chat_id, content, caption))

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        await self._counted("deleteMessage", self.inner.delete_message(chat_id, message_id))

    async def download(self, file_id: str) -> bytes:
        return await self.inner.download(file_id)

    async def set_commands(
        self, commands: list[tuple[str, str]], language: str | None, chat_id: int | None = None
    ) -> None:
        await self.inner.set_commands(commands, language, chat_id)

    def __getattr__(self, name: str) -> Any:  # anything else an adapter offers
        return getattr(self.inner, name)

    async def _counted(self, method: str, call: Awaitable[T]) -> T:
        try:
            result = await call
        except RetryAfter:
            self.metrics.send_failed("rate_limited")
            raise
        except Forbidden:
            self.metrics.send_failed("forbidden")
            raise
        except BadRequest as refused:
            if not refused.not_modified:  # "message is not modified" is a success of sorts
                self.metrics.send_failed("bad_request")
            raise
        except Unavailable:
            self.metrics.send_failed("unavailable")
            raise
        self.metrics.reply_sent(method)
        return result

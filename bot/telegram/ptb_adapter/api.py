"""Copro's Bot API calls made with a PTB Bot, its errors mapped to Copro's."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from telegram.error import BadRequest as PtbBadRequest
from telegram.error import Forbidden as PtbForbidden
from telegram.error import NetworkError
from telegram.error import RetryAfter as PtbRetryAfter

from bot.messaging.actions import Keyboard
from bot.messaging.api import BadRequest, Forbidden, RetryAfter, Unavailable

T = TypeVar("T")


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    rows = [[InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in keyboard]
    return InlineKeyboardMarkup(rows)


async def _call(call: Awaitable[T]) -> T:
    try:
        return await call
    except PtbRetryAfter as error:
        wait = error.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        raise RetryAfter(seconds) from error
    except PtbForbidden as error:
        raise Forbidden(error.message) from error
    except PtbBadRequest as error:
        raise BadRequest(error.message) from error
    except (NetworkError, TimeoutError) as error:  # TimedOut is a NetworkError
        raise Unavailable(str(error)) from error


class PtbBotApi:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard) -> int:
        sent: Message = await _call(
            self.bot.send_message(chat_id, text, reply_markup=markup(keyboard))
        )
        return sent.message_id

    async def edit_message_text(
        self, chat_id: int, message_id: int, text: str, keyboard: Keyboard
    ) -> None:
        await _call(
            self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup(keyboard)
            )
        )

    async def edit_keyboard(self, chat_id: int, message_id: int, keyboard: Keyboard) -> None:
        await _call(
            self.bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=markup(keyboard)
            )
        )

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        await _call(self.bot.answer_callback_query(callback_id, text=text, show_alert=alert))

    async def send_document(self, chat_id: int, filename: str, content: bytes, caption: str) -> int:
        sent: Message = await _call(
            self.bot.send_document(chat_id, content, filename=filename, caption=caption or None)
        )
        return sent.message_id

    async def send_photo(self, chat_id: int, content: bytes, caption: str) -> int:
        sent: Message = await _call(
            self.bot.send_photo(chat_id, content, caption=caption or None, filename="chart.png")
        )
        return sent.message_id

    async def download(self, file_id: str) -> bytes:
        found = await _call(self.bot.get_file(file_id))
        return bytes(await _call(found.download_as_bytearray()))

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        await _call(self.bot.delete_message(chat_id, message_id))

    async def set_commands(
        self, commands: list[tuple[str, str]], language: str | None, chat_id: int | None = None
    ) -> None:
        listed = [BotCommand(name, text) for name, text in commands]
        scope = None if chat_id is None else BotCommandScopeChat(chat_id)
        await _call(self.bot.set_my_commands(listed, scope=scope, language_code=language))

"""Copro's Bot API calls made with an aiogram Bot, its errors mapped to Copro's."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetUpdates,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
)
from aiogram.methods.base import Response
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from bot.messaging.actions import Keyboard
from bot.messaging.api import BadRequest, Forbidden, RetryAfter, Unavailable

T = TypeVar("T")

# aiogram builds a pydantic Response[...] class per reply type and pydantic keeps it only
# weakly; once collected it is rebuilt (milliseconds) on the next reply. Holding them here
# keeps the hot path fast.
_RESPONSE_CLASSES = [
    Response[method.__returning__]
    for method in (
        SendMessage, EditMessageText, EditMessageReplyMarkup, AnswerCallbackQuery, SendDocument,
        SendPhoto, GetFile, DeleteMessage, SetMyCommands, GetUpdates,
    )
]


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    rows = [[InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in keyboard]
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _call(call: Awaitable[T]) -> T:
    try:
        return await call
    except TelegramRetryAfter as error:
        raise RetryAfter(float(error.retry_after)) from error
    except TelegramForbiddenError as error:
        raise Forbidden(error.message) from error
    except TelegramBadRequest as error:
        raise BadRequest(error.message) from error
    except (TelegramServerError, TelegramNetworkError, TimeoutError) as error:
        raise Unavailable(str(error)) from error


class AiogramBotApi:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard) -> int:
        sent = await _call(self.bot.send_message(chat_id, text, reply_markup=markup(keyboard)))
        return sent.message_id

    async def edit_message_text(
        self, chat_id: int, message_id: int, text: str, keyboard: Keyboard
    ) -> None:
        await _call(
            self.bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup(keyboard)
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
        document = BufferedInputFile(content, filename=filename)
        sent = await _call(self.bot.send_document(chat_id, document, caption=caption or None))
        return sent.message_id

    async def send_photo(self, chat_id: int, content: bytes, caption: str) -> int:
        photo = BufferedInputFile(content, filename="chart.png")
        sent = await _call(self.bot.send_photo(chat_id, photo, caption=caption or None))
        return sent.message_id

    async def download(self, file_id: str) -> bytes:
        found = await _call(self.bot.get_file(file_id))
        if found.file_path is None:
            raise BadRequest("Bad Request: file has no path")
        data = await _call(self.bot.download_file(found.file_path))
        assert data is not None
        return data.read()

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        await _call(self.bot.delete_message(chat_id, message_id))

    async def set_commands(
        self, commands: list[tuple[str, str]], language: str | None, chat_id: int | None = None
    ) -> None:
        listed = [BotCommand(command=name, description=text) for name, text in commands]
        scope = None if chat_id is None else BotCommandScopeChat(chat_id=chat_id)
        await _call(self.bot.set_my_commands(listed, scope=scope, language_code=language))

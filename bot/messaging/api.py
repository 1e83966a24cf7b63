"""The Bot API calls Copro makes, as a small interface each framework adapter implements."""

from __future__ import annotations

from typing import Protocol

from bot.messaging.actions import Keyboard


class ApiError(Exception):
    """A Bot API call failed."""


class RetryAfter(ApiError):
    """429: Telegram asks us to wait this many seconds."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Forbidden(ApiError):
    """403: the person blocked the bot, or never started it."""


class BadRequest(ApiError):
    """400: the call was wrong; retrying will not help."""

    @property
    def not_modified(self) -> bool:
        return "not modified" in str(self).lower()


class Unavailable(ApiError):
    """5xx, a timeout or a network error: worth trying again later."""


class BotApi(Protocol):
    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard) -> int: ...

    async def edit_message_text(
        self, chat_id: int, message_id: int, text: str, keyboard: Keyboard
    ) -> None: ...

    async def edit_keyboard(self, chat_id: int, message_id: int, keyboard: Keyboard) -> None: ...

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None: ...

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str
    ) -> int: ...

    async def send_photo(self, chat_id: int, content: bytes, caption: str) -> int: ...

    async def download(self, file_id: str) -> bytes: ...

    async def delete_message(self, chat_id: int, message_id: int) -> None: ...

    async def set_commands(
        self, commands: list[tuple[str, str]], language: str | None, chat_id: int | None = None
    ) -> None:
        """The "/" menu: the default one, or one chat's own (BotCommandScopeChat)."""

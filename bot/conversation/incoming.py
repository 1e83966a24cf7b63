"""What arrived from a chat, in plain terms every adapter can fill in (both frameworks)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.people import PersonKey

MAX_TELEGRAM_TEXT = 4096


@dataclass(frozen=True)
class IncomingDocument:
    """A file a person sent; its bytes are fetched only when a handler wants them."""

    file_id: str
    file_name: str | None
    mime_type: str | None
    file_size: int | None


@dataclass(frozen=True)
class IncomingMessage:
    """A message from a person. `kind` is text, sticker, photo, voice, location, ..."""

    update_id: int
    user_id: int
    chat_id: int
    chat_type: str
    message_id: int
    kind: str
    text: str | None = None
    language_code: str | None = None
    document: IncomingDocument | None = None

    @property
    def private(self) -> bool:
        return self.chat_type == "private"

    @property
    def person(self) -> PersonKey:
        return PersonKey.telegram(self.user_id)

    @property
    def command(self) -> tuple[str, str] | None:
        """('/start', 'victoria-park') for a command message, else None."""
        if self.kind != "command" or not self.text:
            return None
        head, _, rest = self.text.strip().partition(" ")
        name = head.split("@", 1)[0].lower()
        return name, rest.strip()


@dataclass(frozen=True)
class IncomingTap:
    """A press of an inline button."""

    update_id: int
    user_id: int
    chat_id: int | None
    chat_type: str | None
    message_id: int | None
    callback_id: str
    data: str | None
    language_code: str | None = None

    @property
    def private(self) -> bool:
        return self.chat_type == "private"

    @property
    def person(self) -> PersonKey:
        return PersonKey.telegram(self.user_id)

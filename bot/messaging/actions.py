"""What to do in Telegram, whichever framework does it."""

from __future__ import annotations

from dataclasses import dataclass, field

Keyboard = tuple[tuple[tuple[str, str], ...], ...]
"""Rows of (label, callback data)."""


@dataclass(frozen=True)
class SendText:
    chat_id: int
    text: str
    keyboard: Keyboard = ()
    anchor_question: str | None = None
    """When set, this message shows that question: remember its id to edit it later."""
    delete_after: float | None = None
    """Seconds after which the message is deleted from the chat (it carries a secret)."""


@dataclass(frozen=True)
class EditText:
    chat_id: int
    message_id: int
    text: str
    keyboard: Keyboard = ()
    anchor_question: str | None = None


@dataclass(frozen=True)
class ClearKeyboard:
    """Take the buttons off an older message so they cannot be pressed again."""

    chat_id: int
    message_id: int


@dataclass(frozen=True)
class AnswerTap:
    callback_id: str
    text: str | None = None
    alert: bool = False


@dataclass(frozen=True)
class SendDocument:
    chat_id: int
    filename: str
    content: bytes = field(repr=False)
    caption: str = ""


@dataclass(frozen=True)
class SendPhoto:
    """An image (a chart, a QR code) with its caption, which doubles as alt text."""

    chat_id: int
    content: bytes = field(repr=False)
    caption: str = ""
    anchor_question: str | None = None
    """Remember this message as the chat's anchor under this name (to delete it later)."""


@dataclass(frozen=True)
class DeleteMessage:
    chat_id: int
    message_id: int


Action = (
    SendText | EditText | ClearKeyboard | AnswerTap | SendDocument | SendPhoto | DeleteMessage
)

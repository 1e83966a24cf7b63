"""Resolves the chat and message a method call aims at, with Telegram's errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.errors import BLOCKED, CHAT_NOT_FOUND, ApiError, bad_request
from bot.sandbox.world import ChatRecord, MessageRecord

if TYPE_CHECKING:
    from bot.sandbox.core import Sandbox


def find_chat(sandbox: Sandbox, chat_id: Any, sending: bool = True) -> ChatRecord:
    """The chat with this id; 400 when unknown, 403 when a private chat's user blocked the bot."""
    chat = sandbox.world.chats.get(chat_id) if isinstance(chat_id, int) else None
    if chat is None:
        raise ApiError(400, CHAT_NOT_FOUND)
    if sending and not chat.is_group and chat.chat_id in sandbox.world.blocked:
        raise ApiError(403, BLOCKED)
    return chat


def find_bot_message(sandbox: Sandbox, params: dict[str, Any], action: str) -> MessageRecord:
    """The bot's own message an edit aims at (by chat_id and message_id)."""
    if params.get("inline_message_id"):
        raise bad_request(f"message to {action} not found")
    if "chat_id" not in params or "message_id" not in params:
        raise bad_request("message identifier is not specified")
    chat = find_chat(sandbox, params["chat_id"])
    record = chat.messages.get(params["message_id"])
    if record is None or record.deleted:
        raise bad_request(f"message to {action} not found")
    if not record.from_bot:
        raise bad_request("message can't be edited")
    return record

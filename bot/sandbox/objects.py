"""Builds the Bot API objects the sandbox emits: users, chats, entities."""

from __future__ import annotations

import time
from typing import Any

BOT_FIRST_NAME = "Copro Sandbox"
BOT_USERNAME = "copro_sandbox_bot"
_USER_FIELDS = ("id", "is_bot", "first_name", "last_name", "username", "language_code")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def unix_now() -> int:
    """The current time as Telegram writes dates: integer Unix seconds."""
    return int(time.time())


def bot_user(token: str) -> dict[str, Any]:
    """The getMe answer for the sandbox bot; its id is the token's number, as in Telegram."""
    return {
        "id": int(token.split(":", 1)[0]),
        "is_bot": True,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def user_ref(user: dict[str, Any]) -> dict[str, Any]:
    """A user as it appears in `from`: only the User fields that are set."""
    return {key: user[key] for key in _USER_FIELDS if user.get(key) is not None}


def private_chat(user: dict[str, Any]) -> dict[str, Any]:
    """The private chat between the bot and a user; its id is the user's id."""
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if user.get(key):
            chat[key] = user[key]
    return chat


def group_chat(chat_id: int, title: str) -> dict[str, Any]:
    """A basic group chat."""
    return {"id": chat_id, "type": "group", "title": title}


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds to a message starting with a command."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]

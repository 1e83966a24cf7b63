"""Bot API methods for button answers, the command menu, chat actions and file downloads."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from bot.sandbox.errors import QUERY_TOO_OLD, ApiError, bad_request
from bot.sandbox.objects import unix_now
from bot.sandbox.targets import find_chat

if TYPE_CHECKING:
    from bot.sandbox.core import Handler, Sandbox

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_DOWNLOAD_LIMIT = 20 * 1024 * 1024


def commands_key(scope: dict[str, Any] | None, language_code: str | None) -> str:
    """Where a command list is stored: its scope and language."""
    scope_json = json.dumps(scope or {"type": "default"}, sort_keys=True)
    return f"{scope_json}|{language_code or ''}"


async def answer_callback_query(sandbox: Sandbox, params: dict[str, Any]) -> bool:
    """answerCallbackQuery: each tap can be answered once."""
    record = sandbox.world.callbacks.get(params["callback_query_id"])
    if record is None or record.answered:
        raise ApiError(400, QUERY_TOO_OLD)
    record.answered = True
    record.answer = {
        key: params[key] for key in ("text", "show_alert", "url", "cache_time") if key in params
    }
    record.rev = sandbox.world.bump()
    sandbox.world.changed.fire()
    return True


async def set_my_commands(sandbox: Sandbox, params: dict[str, Any]) -> bool:
    """setMyCommands, stored per scope and language_code."""
    for command in params["commands"]:
        if not _COMMAND.match(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("command description is empty or too long")
    key = commands_key(params.get("scope"), params.get("language_code"))
    sandbox.world.commands[key] = [
        {"command": c["command"], "description": c["description"]} for c in params["commands"]
    ]
    sandbox.world.bump()
    return True


async def get_my_commands(sandbox: Sandbox, params: dict[str, Any]) -> list[dict[str, Any]]:
    """getMyCommands for exactly this scope and language_code."""
    key = commands_key(params.get("scope"), params.get("language_code"))
    return list(sandbox.world.commands.get(key, []))


async def delete_my_commands(sandbox: Sandbox, params: dict[str, Any]) -> bool:
    """deleteMyCommands."""
    key = commands_key(params.get("scope"), params.get("language_code"))
    sandbox.world.commands.pop(key, None)
    return True


async def send_chat_action(sandbox: Sandbox, params: dict[str, Any]) -> bool:
    """sendChatAction ("typing" and friends)."""
    chat = find_chat(sandbox, params["chat_id"])
    if params["action"] not in _ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.last_action, chat.last_action_date = params["action"], unix_now()
    sandbox.world.bump()
    sandbox.world.changed.fire()
    return True


async def get_file(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """getFile: where to download a file from."""
    stored = sandbox.files.get(params["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > _DOWNLOAD_LIMIT:
        raise bad_request("file is too big")
    return stored.as_file()


HANDLERS: dict[str, Handler] = {
    "answercallbackquery": answer_callback_query,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "sendchataction": send_chat_action,
    "getfile": get_file,
}

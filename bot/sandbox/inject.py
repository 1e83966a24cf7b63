"""What users do, turned into updates for the bot: messages, commands, taps, media."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from bot.sandbox.files import placeholder_png
from bot.sandbox.objects import command_entities, unix_now, user_ref
from bot.sandbox.world import CallbackRecord, ChatRecord

if TYPE_CHECKING:
    from bot.sandbox.core import Sandbox

# An Ogg page header followed by silence: enough to look like a voice note.
_VOICE_BYTES = b"OggS\x00\x02" + bytes(58)


class UnknownTarget(LookupError):
    """A user, chat or message named by a test does not exist."""


def user_chat(sandbox: Sandbox, user_id: int, chat_id: int | None) -> ChatRecord:
    """The chat a user writes in: their private chat, or a group they then belong to."""
    if user_id not in sandbox.world.users:
        raise UnknownTarget(f"no user {user_id}; create it first")
    chat = sandbox.world.chats.get(user_id if chat_id is None else chat_id)
    if chat is None:
        raise UnknownTarget(f"no chat {chat_id}")
    if chat.is_group and user_id not in chat.member_ids:
        chat.member_ids.append(user_id)
    return chat


def send_message(
    sandbox: Sandbox,
    user_id: int,
    content: dict[str, Any],
    chat_id: int | None = None,
    file_ids: list[str] | None = None,
) -> dict[str, Any]:
    """A user's message of any kind; returns the update the bot will get."""
    chat = user_chat(sandbox, user_id, chat_id)
    sender = user_ref(sandbox.world.users[user_id])
    record = sandbox.world.add_message(chat, sender, False, content)
    record.file_ids = file_ids or []
    return sandbox.push_update("message", record.message)


def send_text(
    sandbox: Sandbox, user_id: int, text: str, chat_id: int | None = None
) -> dict[str, Any]:
    """A text message; one starting with /command gets its bot_command entity."""
    if not text:
        raise ValueError("text must not be empty")
    content: dict[str, Any] = {"text": text}
    entities = command_entities(text)
    if entities:
        content["entities"] = entities
    return send_message(sandbox, user_id, content, chat_id)


def send_command(
    sandbox: Sandbox, user_id: int, command: str, args: str = "", chat_id: int | None = None
) -> dict[str, Any]:
    """A /command (with @botname in groups, as Telegram clients write it) and its arguments."""
    name = command.removeprefix("/")
    chat = user_chat(sandbox, user_id, chat_id)
    if chat.is_group and "@" not in name:
        name = f"{name}@{sandbox.bot['username']}"
    text = f"/{name} {args}".strip()
    return send_text(sandbox, user_id, text, chat_id)


def edit_text(
    sandbox: Sandbox, user_id: int, message_id: int, text: str, chat_id: int | None = None
) -> dict[str, Any]:
    """A user edits one of their text messages: an edited_message update."""
    chat = user_chat(sandbox, user_id, chat_id)
    record = chat.messages.get(message_id)
    if record is None or record.from_bot or "text" not in record.message:
        raise UnknownTarget(f"no text message {message_id} from user {user_id}")
    record.message["text"] = text
    record.message.pop("entities", None)
    if command_entities(text):
        record.message["entities"] = command_entities(text)
    record.message["edit_date"] = unix_now()
    sandbox.world.touch(record)
    return sandbox.push_update("edited_message", record.message)


def tap_button(
    sandbox: Sandbox, user_id: int, message_id: int, data: str, chat_id: int | None = None
) -> dict[str, Any]:
    """A button tap on a bot message; any data may be forged, as a modified client can."""
    chat = user_chat(sandbox, user_id, chat_id)
    record = chat.messages.get(message_id)
    if record is None or record.deleted or not record.from_bot:
        raise UnknownTarget(f"no bot message {message_id} in chat {chat.chat_id}")
    query_id = str(secrets.randbits(62))
    instance = hashlib.sha256(f"{chat.chat_id}".encode()).hexdigest()[:16]
    sandbox.world.callbacks[query_id] = CallbackRecord(
        query_id, user_id, chat.chat_id, message_id, data, rev=sandbox.world.bump()
    )
    query = {
        "id": query_id,
        "from": user_ref(sandbox.world.users[user_id]),
        "message": record.message,
        "chat_instance": str(int(instance, 16)),
        "data": data,
    }
    return sandbox.push_update("callback_query", query)


def send_photo(
    sandbox: Sandbox,
    user_id: int,
    data: bytes | None = None,
    caption: str | None = None,
    chat_id: int | None = None,
) -> dict[str, Any]:
    """A photo (a generated picture unless bytes are given)."""
    stored = sandbox.files.add(data or placeholder_png(320, 240), "photo", "photo.png")
    content: dict[str, Any] = {"photo": stored.as_photo()}
    if caption:
        content["caption"] = caption
    return send_message(sandbox, user_id, content, chat_id, [stored.file_id])


def send_document(
    sandbox: Sandbox,
    user_id: int,
    data: bytes,
    file_name: str,
    mime_type: str = "",
    caption: str | None = None,
    chat_id: int | None = None,
) -> dict[str, Any]:
    """A document upload."""
    stored = sandbox.files.add(data, "document", file_name, mime_type)
    content: dict[str, Any] = {"document": stored.as_document()}
    if caption:
        content["caption"] = caption
    return send_message(sandbox, user_id, content, chat_id, [stored.file_id])


def send_sticker(
    sandbox: Sandbox, user_id: int, emoji: str = "👍", chat_id: int | None = None
) -> dict[str, Any]:
    """A static sticker."""
    stored = sandbox.files.add(placeholder_png(128, 128), "sticker", "sticker.png")
    sticker = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "type": "regular",
        "width": 128,
        "height": 128,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "file_size": len(stored.data),
    }
    return send_message(sandbox, user_id, {"sticker": sticker}, chat_id, [stored.file_id])


def send_voice(
    sandbox: Sandbox,
    user_id: int,
    duration: int = 2,
    data: bytes | None = None,
    chat_id: int | None = None,
) -> dict[str, Any]:
    """A voice note."""
    stored = sandbox.files.add(data or _VOICE_BYTES, "voice", "voice.ogg", "audio/ogg")
    voice = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": len(stored.data),
    }
    return send_message(sandbox, user_id, {"voice": voice}, chat_id, [stored.file_id])


def send_location(
    sandbox: Sandbox, user_id: int, latitude: float, longitude: float, chat_id: int | None = None
) -> dict[str, Any]:
    """A shared location."""
    location = {"latitude": float(latitude), "longitude": float(longitude)}
    return send_message(sandbox, user_id, {"location": location}, chat_id)


def redeliver(sandbox: Sandbox, update_id: int) -> dict[str, Any]:
    """Queue an earlier update again with the same update_id, as a retrying Telegram would."""
    update = sandbox.updates.history.get(update_id)
    if update is None:
        raise UnknownTarget(f"no update {update_id}")
    sandbox.updates.push(update, redelivered=True)
    return update

"""How the test API shows messages, chats and button answers: plain JSON for tests and the page."""

from __future__ import annotations

from typing import Any

from bot.sandbox.files import FileStore
from bot.sandbox.world import CallbackRecord, ChatRecord, MessageRecord

_KINDS = ("text", "photo", "document", "sticker", "voice", "location")


def message_view(record: MessageRecord, files: FileStore) -> dict[str, Any]:
    """A message with its current text, keyboard, edits, deletion and downloadable files."""
    message = record.message
    kind = next((k for k in _KINDS if k in message), "other")
    return {
        "message_id": record.message_id,
        "chat_id": record.chat_id,
        "from_bot": record.from_bot,
        "from": message.get("from"),
        "date": message["date"],
        "kind": kind,
        "text": message.get("text"),
        "caption": message.get("caption"),
        "entities": message.get("entities") or message.get("caption_entities") or [],
        "reply_markup": message.get("reply_markup"),
        "edited": "edit_date" in message,
        "edit_date": message.get("edit_date"),
        "deleted": record.deleted,
        "rev": record.rev,
        "files": [file_view(files, file_id) for file_id in record.file_ids],
        "sticker": (message.get("sticker") or {}).get("emoji"),
        "location": message.get("location"),
        "reply_to_message_id": (message.get("reply_to_message") or {}).get("message_id"),
        "message": message,
    }


def file_view(files: FileStore, file_id: str) -> dict[str, Any]:
    """A file's name, type, size and test-API download path."""
    stored = files.get(file_id)
    if stored is None:
        return {"file_id": file_id, "missing": True}
    return {
        "file_id": stored.file_id,
        "file_name": stored.file_name,
        "mime_type": stored.mime_type,
        "size": len(stored.data),
        "width": stored.width,
        "height": stored.height,
        "url": f"/_sandbox/files/{stored.file_id}",
    }


def chat_view(chat: ChatRecord) -> dict[str, Any]:
    """A chat, its members, the reply keyboard shown and the bot's last chat action."""
    return {
        "chat": chat.chat,
        "member_ids": chat.member_ids,
        "reply_keyboard": chat.reply_keyboard,
        "last_action": chat.last_action,
        "last_action_date": chat.last_action_date,
        "message_count": len(chat.messages),
    }


def callback_view(record: CallbackRecord) -> dict[str, Any]:
    """A button tap and the bot's answer."""
    return {
        "callback_query_id": record.id,
        "user_id": record.user_id,
        "chat_id": record.chat_id,
        "message_id": record.message_id,
        "data": record.data,
        "answered": record.answered,
        "answer": record.answer,
        "rev": record.rev,
    }

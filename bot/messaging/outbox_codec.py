"""Actions to JSON and back, so a message that could not be sent waits in the outbox."""

from __future__ import annotations

import base64
from typing import Any

from bot.messaging import actions as out


def action_to_payload(action: out.Action) -> dict[str, Any]:
    match action:
        case out.SendText():
            return {"do": "send_text", "chat_id": action.chat_id, "text": action.text,
                    "keyboard": _rows(action.keyboard), "anchor": action.anchor_question,
                    "delete_after": action.delete_after}
        case out.EditText():
            return {"do": "edit_text", "chat_id": action.chat_id,
                    "message_id": action.message_id, "text": action.text,
                    "keyboard": _rows(action.keyboard), "anchor": action.anchor_question}
        case out.ClearKeyboard():
            return {"do": "clear_keyboard", "chat_id": action.chat_id,
                    "message_id": action.message_id}
        case out.SendDocument():
            return {"do": "send_document", "chat_id": action.chat_id,
                    "filename": action.filename, "caption": action.caption,
                    "content": base64.b64encode(action.content).decode()}
        case out.SendPhoto():
            return {"do": "send_photo", "chat_id": action.chat_id, "caption": action.caption,
                    "content": base64.b64encode(action.content).decode()}
        case out.DeleteMessage():
            return {"do": "delete", "chat_id": action.chat_id, "message_id": action.message_id}
    raise ValueError(f"{type(action).__name__} cannot wait in the outbox")


def payload_to_action(payload: dict[str, Any]) -> out.Action:
    kind = payload["do"]
    if kind == "send_text":
        return out.SendText(payload["chat_id"], payload["text"], _keyboard(payload["keyboard"]),
                            payload.get("anchor"), payload.get("delete_after"))
    if kind == "edit_text":
        return out.EditText(payload["chat_id"], payload["message_id"], payload["text"],
                            _keyboard(payload["keyboard"]), payload.get("anchor"))
    if kind == "clear_keyboard":
        return out.ClearKeyboard(payload["chat_id"], payload["message_id"])
    if kind == "send_document":
        return out.SendDocument(payload["chat_id"], payload["filename"],
                                base64.b64decode(payload["content"]), payload["caption"])
    if kind == "send_photo":
        return out.SendPhoto(payload["chat_id"], base64.b64decode(payload["content"]),
                             payload["caption"])
    if kind == "delete":
        return out.DeleteMessage(payload["chat_id"], payload["message_id"])
    raise ValueError(f"unknown outbox action {kind!r}")


def _rows(keyboard: out.Keyboard) -> list[list[list[str]]]:
    return [[[label, data] for label, data in row] for row in keyboard]


def _keyboard(rows: list[list[list[str]]]) -> out.Keyboard:
    return tuple(tuple((label, data) for label, data in row) for row in rows)

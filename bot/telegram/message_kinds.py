"""What kind of message arrived, read the same way from either framework's Message object."""

from __future__ import annotations

from typing import Any

from bot.conversation.incoming import IncomingDocument

_MEDIA = ("sticker", "photo", "voice", "video", "video_note", "audio", "animation", "document",
          "location", "venue", "contact", "poll", "dice")


def document_of(message: Any) -> IncomingDocument | None:
    """The file a message carries, read the same way from either framework."""
    document = getattr(message, "document", None)
    if document is None:
        return None
    return IncomingDocument(
        file_id=document.file_id,
        file_name=getattr(document, "file_name", None),
        mime_type=getattr(document, "mime_type", None),
        file_size=getattr(document, "file_size", None),
    )


def kind_of(message: Any) -> str:
    """'command', 'text', or the media kind ('sticker', 'photo', ...); 'message' otherwise."""
    text = getattr(message, "text", None)
    if text is not None:
        entities = getattr(message, "entities", None) or ()
        first = entities[0] if entities else None
        if first is not None and str(getattr(first, "type", "")).endswith("bot_command") and (
            getattr(first, "offset", 1) == 0
        ):
            return "command"
        return "text"
    for kind in _MEDIA:
        if getattr(message, kind, None):
            return {"video_note": "video", "venue": "location", "animation": "video"}.get(
                kind, kind
            )
    return "message"

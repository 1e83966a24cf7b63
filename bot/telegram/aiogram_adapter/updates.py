"""aiogram's Message and CallbackQuery to Copro's plain incoming types."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.conversation.incoming import IncomingMessage, IncomingTap
from bot.telegram.message_kinds import document_of, kind_of


def incoming_message(message: Message, update_id: int) -> IncomingMessage | None:
    user = message.from_user
    if user is None or user.is_bot:
        return None
    return IncomingMessage(
        update_id=update_id,
        user_id=user.id,
        chat_id=message.chat.id,
        chat_type=message.chat.type,
        message_id=message.message_id,
        kind=kind_of(message),
        text=message.text,
        language_code=user.language_code,
        document=document_of(message),
    )


def incoming_tap(query: CallbackQuery, update_id: int) -> IncomingTap:
    message = query.message
    chat = getattr(message, "chat", None)
    return IncomingTap(
        update_id=update_id,
        user_id=query.from_user.id,
        chat_id=chat.id if chat is not None else None,
        chat_type=chat.type if chat is not None else None,
        message_id=getattr(message, "message_id", None),
        callback_id=query.id,
        data=query.data,
        language_code=query.from_user.language_code,
    )

"""PTB's Update to Copro's plain incoming types."""

from __future__ import annotations

from telegram import Update

from bot.conversation.incoming import IncomingMessage, IncomingTap
from bot.telegram.message_kinds import document_of, kind_of


def incoming_message(update: Update) -> IncomingMessage | None:
    message, user = update.message, update.effective_user
    if message is None or user is None or user.is_bot:
        return None
    return IncomingMessage(
        update_id=update.update_id,
        user_id=user.id,
        chat_id=message.chat.id,
        chat_type=str(message.chat.type),
        message_id=message.message_id,
        kind=kind_of(message),
        text=message.text,
        language_code=user.language_code,
        document=document_of(message),
    )


def incoming_tap(update: Update) -> IncomingTap | None:
    query = update.callback_query
    if query is None:
        return None
    message = query.message
    chat = message.chat if message is not None else None
    return IncomingTap(
        update_id=update.update_id,
        user_id=query.from_user.id,
        chat_id=chat.id if chat is not None else None,
        chat_type=str(chat.type) if chat is not None else None,
        message_id=message.message_id if message is not None else None,
        callback_id=query.id,
        data=query.data,
        language_code=query.from_user.language_code,
    )

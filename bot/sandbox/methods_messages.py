"""Bot API methods that send, edit and delete messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.errors import NOT_MODIFIED, bad_request
from bot.sandbox.formatting import apply_parse_mode
from bot.sandbox.markup import inline_markup, reply_keyboard_change
from bot.sandbox.media import input_file
from bot.sandbox.objects import unix_now, utf16_len
from bot.sandbox.targets import find_bot_message, find_chat
from bot.sandbox.world import ChatRecord, MessageRecord

if TYPE_CHECKING:
    from bot.sandbox.core import Handler, Sandbox

_TWO_DAYS = 48 * 3600


async def send_message(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """sendMessage."""
    chat = find_chat(sandbox, params["chat_id"])
    content = _text_content(params)
    return _send(sandbox, chat, content, params).message


async def send_photo(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """sendPhoto."""
    chat = find_chat(sandbox, params["chat_id"])
    stored = input_file(sandbox, params["photo"], "photo")
    content: dict[str, Any] = {"photo": stored.as_photo(), **_caption_content(params)}
    return _send(sandbox, chat, content, params, [stored.file_id]).message


async def send_document(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """sendDocument."""
    chat = find_chat(sandbox, params["chat_id"])
    stored = input_file(sandbox, params["document"], "document")
    content: dict[str, Any] = {"document": stored.as_document(), **_caption_content(params)}
    return _send(sandbox, chat, content, params, [stored.file_id]).message


async def edit_message_text(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """editMessageText; without reply_markup the inline keyboard goes, as in Telegram."""
    record = find_bot_message(sandbox, params, "edit")
    if "text" not in record.message:
        raise bad_request("there is no text in the message to edit")
    content = _text_content(params)
    _replace(sandbox, record, content, inline_markup(sandbox, params.get("reply_markup")))
    return record.message


async def edit_message_caption(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """editMessageCaption."""
    record = find_bot_message(sandbox, params, "edit")
    if "text" in record.message:
        raise bad_request("there is no caption in the message to edit")
    content = _caption_content(params)
    _replace(sandbox, record, content, inline_markup(sandbox, params.get("reply_markup")))
    return record.message


async def edit_message_reply_markup(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """editMessageReplyMarkup."""
    record = find_bot_message(sandbox, params, "edit")
    _replace(sandbox, record, None, inline_markup(sandbox, params.get("reply_markup")))
    return record.message


async def delete_message(sandbox: Sandbox, params: dict[str, Any]) -> bool:
    """deleteMessage: the bot's own messages, or anything in a private chat, for 48 hours."""
    chat = find_chat(sandbox, params["chat_id"], sending=False)
    record = chat.messages.get(params["message_id"])
    if record is None or record.deleted:
        raise bad_request("message to delete not found")
    too_old = unix_now() - int(record.message["date"]) > _TWO_DAYS
    if too_old or (chat.is_group and not record.from_bot):
        raise bad_request("message can't be deleted")
    record.deleted = True
    sandbox.world.touch(record)
    return True


def _text_content(params: dict[str, Any]) -> dict[str, Any]:
    text, entities = apply_parse_mode(
        params.get("text") or "", params.get("parse_mode"), params.get("entities")
    )
    if not text.strip():
        raise bad_request("message text is empty")
    if utf16_len(text) > 4096:
        raise bad_request("message is too long")
    return {"text": text, "entities": entities} if entities else {"text": text}


def _caption_content(params: dict[str, Any]) -> dict[str, Any]:
    if not params.get("caption"):
        return {}
    caption, entities = apply_parse_mode(
        params["caption"], params.get("parse_mode"), params.get("caption_entities")
    )
    if utf16_len(caption) > 1024:
        raise bad_request("message caption is too long")
    content: dict[str, Any] = {"caption": caption}
    if entities:
        content["caption_entities"] = entities
    return content


def _send(
    sandbox: Sandbox,
    chat: ChatRecord,
    content: dict[str, Any],
    params: dict[str, Any],
    file_ids: list[str] | None = None,
) -> MessageRecord:
    markup = params.get("reply_markup")
    inline = inline_markup(sandbox, markup)
    keyboard_changed, keyboard = reply_keyboard_change(markup)
    reply_to = _replied_message(chat, params.get("reply_parameters"))
    sandbox.check_rate(chat)
    if inline:
        content["reply_markup"] = inline
    if reply_to is not None:
        content["reply_to_message"] = reply_to
    if params.get("protect_content"):
        content["has_protected_content"] = True
    if keyboard_changed:
        chat.reply_keyboard = keyboard
    record = sandbox.world.add_message(chat, sandbox.bot_ref, True, content)
    record.file_ids = file_ids or []
    return record


def _replied_message(chat: ChatRecord, reply: dict[str, Any] | None) -> dict[str, Any] | None:
    if not reply:
        return None
    target = chat.messages.get(reply.get("message_id", 0))
    if target is None or target.deleted:
        if reply.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return {k: v for k, v in target.message.items() if k != "reply_to_message"}


def _replace(
    sandbox: Sandbox,
    record: MessageRecord,
    content: dict[str, Any] | None,
    inline: dict[str, Any] | None,
) -> None:
    message = record.message
    keys = ("text", "entities", "caption", "caption_entities") if content is not None else ()
    old = {key: message.get(key) for key in (*keys, "reply_markup")}
    new = {key: (content or {}).get(key) for key in keys} | {"reply_markup": inline}
    if old == new:
        raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
    for key, value in new.items():
        if value is None:
            message.pop(key, None)
        else:
            message[key] = value
    message["edit_date"] = unix_now()
    sandbox.world.touch(record)


HANDLERS: dict[str, Handler] = {
    "sendmessage": send_message,
    "sendphoto": send_photo,
    "senddocument": send_document,
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
}

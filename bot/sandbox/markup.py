"""Checks reply markup the bot sends: inline keyboards it may carry, reply keyboards it sets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.errors import bad_request

if TYPE_CHECKING:
    from bot.sandbox.core import Sandbox

_NOT_ACTIONS = frozenset({"text", "style", "icon_custom_emoji_id"})


def inline_markup(sandbox: Sandbox, markup: Any) -> dict[str, Any] | None:
    """The inline keyboard a message will carry (known fields only), or None; 400 if invalid."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    known = sandbox.spec.type_fields("InlineKeyboardButton")
    rows: list[list[dict[str, Any]]] = []
    for row in markup["inline_keyboard"]:
        buttons = []
        for button in row:
            clean = {key: value for key, value in button.items() if key in known}
            if not set(clean) - _NOT_ACTIONS:
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            data = clean.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
            buttons.append(clean)
        rows.append(buttons)
    return {"inline_keyboard": rows} if any(rows) else None


def reply_keyboard_change(markup: Any) -> tuple[bool, dict[str, Any] | None]:
    """(changed, keyboard): ReplyKeyboardMarkup sets the keyboard, ReplyKeyboardRemove clears it."""
    if not isinstance(markup, dict):
        return False, None
    if "keyboard" in markup:
        return True, markup
    if markup.get("remove_keyboard"):
        return True, None
    return False, None

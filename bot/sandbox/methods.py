"""Every Bot API method the sandbox implements, by lower-case name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox import methods_bot, methods_messages, methods_updates

if TYPE_CHECKING:
    from bot.sandbox.core import Handler

HANDLERS: dict[str, Handler] = {
    **methods_updates.HANDLERS,
    **methods_messages.HANDLERS,
    **methods_bot.HANDLERS,
}

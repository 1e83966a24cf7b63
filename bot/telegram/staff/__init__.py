"""Officer and admin features in the chat, each an extension of the resident's chat."""

from __future__ import annotations

from bot.bootstrap import App
from bot.conversation.extensions import ChatExtension
from bot.telegram.staff.admin import AdminChat
from bot.telegram.staff.officer import OfficerChat


def staff_extensions(app: App) -> list[ChatExtension]:
    """Every staff extension, in the order they are asked."""
    return [OfficerChat(app), AdminChat(app)]

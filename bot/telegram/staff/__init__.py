"""Officer and admin features in the chat, each an extension of the resident's chat."""

from __future__ import annotations

from bot.bootstrap import App
from bot.conversation.extensions import ChatExtension


def staff_extensions(app: App) -> list[ChatExtension]:
    """Every staff extension this build has, in the order they are asked."""
    found: list[ChatExtension] = []
    try:
        from bot.telegram.staff.officer import OfficerChat
    except ImportError:
        pass
    else:
        found.append(OfficerChat(app))
    try:
        from bot.telegram.staff.admin import AdminChat
    except ImportError:
        pass
    else:
        found.append(AdminChat(app))
    return found

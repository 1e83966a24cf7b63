"""Officer and admin features in the chat, each an extension of the resident's chat."""

from __future__ import annotations

from bot.conversation.extensions import ChatExtension
from bot.telegram.staff.admin import AdminChat
from bot.telegram.staff.officer import OfficerChat
from bot.telegram.staff.services import StaffServices


def staff_extensions(services: StaffServices) -> list[ChatExtension]:
    """Every staff extension, in the order they are asked."""
    return [OfficerChat(services), AdminChat(services)]

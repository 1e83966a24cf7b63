"""Staff features plug into the chat here: officer and admin commands, their buttons, and
replies to what the bot asked them to type. Residents never reach an extension."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.conversation.incoming import IncomingDocument
from bot.messaging import actions as out


@dataclass(frozen=True)
class ChatContext:
    """Who wrote, where, and what the extension may use to answer."""

    user_id: int
    chat_id: int
    language: str
    update_id: int
    roles: frozenset[str]
    message_id: int | None = None
    callback_id: str | None = None
    download: Callable[[str], Awaitable[bytes]] | None = None


class ChatExtension(Protocol):
    commands: Mapping[str, str]
    """Command ('/results') to the role it needs ('officer' or 'admin')."""

    tap_prefix: str
    """Button data of this extension starts with it (e.g. 'o|'); decoded by the extension."""

    prompt_kinds: frozenset[str]
    """Kinds of typed reply this extension asked for (see storage's prompts)."""

    async def on_command(self, ctx: ChatContext, name: str, argument: str) -> list[out.Action]:
        ...

    async def on_tap(self, ctx: ChatContext, data: str) -> list[out.Action]: ...

    async def on_prompt_reply(
        self, ctx: ChatContext, kind: str, payload: dict[str, Any], text: str
    ) -> list[out.Action]: ...

    async def on_document(
        self, ctx: ChatContext, document: IncomingDocument
    ) -> list[out.Action] | None:
        """None when this extension does not take documents from this person."""
        ...


ROLE_INCLUDES = {"admin": frozenset({"admin", "officer"}), "officer": frozenset({"officer"})}


def may_use(roles: frozenset[str], needed: str) -> bool:
    """Admins may do what officers do; nobody else may do either."""
    return any(needed in ROLE_INCLUDES.get(role, frozenset()) for role in roles)

"""Officer and admin features reach the chat through here; residents never do.

A staff command from someone without the role gets exactly what an unknown command gets,
so the chat does not tell anyone which commands exist for staff.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from bot.conversation.extensions import ChatContext, ChatExtension, may_use
from bot.conversation.incoming import IncomingDocument, IncomingMessage, IncomingTap
from bot.conversation.services import ConversationServices
from bot.messaging import actions as out
from bot.services.people import PersonKey

Download = Callable[[str], Awaitable[bytes]]


class StaffRouter:
    def __init__(
        self,
        services: ConversationServices,
        extensions: Sequence[ChatExtension],
        download: Download | None = None,
    ) -> None:
        self.s = services
        self.extensions = list(extensions)
        self.download = download

    def for_command(self, name: str) -> ChatExtension | None:
        return next((e for e in self.extensions if name in e.commands), None)

    def for_tap(self, data: str) -> ChatExtension | None:
        return next((e for e in self.extensions if data.startswith(e.tap_prefix)), None)

    async def command(
        self, extension: ChatExtension, message: IncomingMessage, name: str, argument: str
    ) -> list[out.Action] | None:
        """The extension's reply; None when this person may not use the command."""
        ctx = await self.context(message.user_id, message.chat_id, message.language_code,
                                 message.update_id, message.message_id)  # fmt: skip
        if not may_use(ctx.roles, extension.commands[name]):
            return None
        return await extension.on_command(ctx, name, argument)

    async def tap(self, extension: ChatExtension, tap: IncomingTap) -> list[out.Action]:
        assert tap.chat_id is not None
        ctx = await self.context(tap.user_id, tap.chat_id, tap.language_code, tap.update_id,
                                 tap.message_id, tap.callback_id)  # fmt: skip
        if not ctx.roles:
            return [out.AnswerTap(tap.callback_id, self.s.text("tap_unknown", ctx.language), True)]
        return await extension.on_tap(ctx, tap.data or "")

    async def prompt_reply(self, message: IncomingMessage) -> list[out.Action] | None:
        """The person is answering something the bot asked them to type (a code, a text)."""

        pending = await self.s.blocking(self.s.prompts.waiting, message.user_id, self.s.clock())
        if pending is None:
            return None
        kind, payload = pending
        extension = next((e for e in self.extensions if kind in e.prompt_kinds), None)
        if extension is None:
            return None
        ctx = await self.context(message.user_id, message.chat_id, message.language_code,
                                 message.update_id, message.message_id)  # fmt: skip
        return await extension.on_prompt_reply(ctx, kind, dict(payload), message.text or "")

    async def document(
        self, message: IncomingMessage, document: IncomingDocument
    ) -> list[out.Action] | None:
        ctx = await self.context(message.user_id, message.chat_id, message.language_code,
                                 message.update_id, message.message_id)  # fmt: skip
        if not ctx.roles:
            return None
        for extension in self.extensions:
            taken = await extension.on_document(ctx, document)
            if taken is not None:
                return taken
        return None

    async def context(
        self,
        user_id: int,
        chat_id: int,
        hint: str | None,
        update_id: int,
        message_id: int | None = None,
        callback_id: str | None = None,
    ) -> ChatContext:
        roles = await self.s.blocking(self.s.roles.roles_of, user_id)
        person = PersonKey.telegram(user_id)
        language = await self.s.blocking(self.s.answers.language_of, person, hint)
        return ChatContext(user_id, chat_id, language, update_id, frozenset(roles),
                           message_id, callback_id, self.download)  # fmt: skip


"""What both adapters share: the chat handler, the sender, and parking in the outbox."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager

from bot.conversation.chat import ChatConversation
from bot.conversation.incoming import IncomingMessage, IncomingTap
from bot.messaging import actions as out
from bot.messaging.api import BotApi
from bot.messaging.outbox_codec import action_to_payload
from bot.messaging.rate_limit import RateLimiter
from bot.messaging.sender import Sender
from bot.observability.metered_api import MeteredApi
from bot.observability.updates import Handling, observe_update
from bot.security.log_pseudonyms import person_in_logs
from bot.telegram.outcome import ApologyThrottle, is_transient, mark_failed
from bot.telegram.services import ChatServices
from bot.telegram.staff import staff_extensions
from bot.telegram.staff.menus import CommandMenus, commands_needing_roles

log = logging.getLogger(__name__)
COMMANDS = ("start", "consultations", "resume", "back", "language", "mydata", "forget", "help")
MENU_COMMANDS = frozenset({"/start", "/help"})
"""After these, a person whose roles changed gets the menu of their new roles."""


class ChatRuntime:
    def __init__(
        self, services: ChatServices, api: BotApi, limiter: RateLimiter | None = None
    ) -> None:
        self.services = services
        self.api = api = MeteredApi(api, services.metrics)  # every sender on it is counted
        extensions = staff_extensions(services.staff)
        self.menus = CommandMenus(api, services, COMMANDS, commands_needing_roles(extensions))
        self.conversation = ChatConversation(services.conversation, extensions, api.download)
        self.sender = Sender(
            api, limiter or RateLimiter(), services.anchors.note, self._unreachable, self._park,
            delete_later=self._delete_later,
        )
        self.apologies = ApologyThrottle()

    async def on_message(self, message: IncomingMessage) -> None:
        with self._observed("message", message) as seen:
            actions = await self._safely(self.conversation.on_message(message), message, seen)
            await self.sender.perform(actions)
            if message.private and (message.command or ("",))[0] in MENU_COMMANDS:
                await self._refresh_menu(message.user_id)

    async def _refresh_menu(self, user_id: int) -> None:
        """Best effort: the reply is sent already, and a menu is only a convenience."""
        try:
            await self.menus.refresh(user_id)
        except Exception:
            log.exception("staff_menu.refresh_failed", extra={"staff": person_in_logs(user_id)})

    async def on_tap(self, tap: IncomingTap) -> None:
        with self._observed("tap", tap) as seen:
            await self.sender.perform(await self._safely(self.conversation.on_tap(tap), tap, seen))

    async def set_commands(self) -> None:
        """The command menu, in English (the default) and in Welsh; staff get their own."""
        await self.menus.set_all()

    def _observed(
        self, kind: str, source: IncomingMessage | IncomingTap
    ) -> AbstractContextManager[Handling]:
        """Counted and timed, with the update id and pseudonym on every log line meanwhile."""
        return observe_update(self.services.metrics, self.services.pseudonym_key, kind,
                              source.update_id, source.user_id)  # fmt: skip

    async def _safely(
        self, work: object, source: IncomingMessage | IncomingTap, seen: Handling
    ) -> list[out.Action]:
        """A failure inside Copro gets a polite reply and the update is marked not handled.

        When the failure may pass (the database was down), a webhook makes Telegram deliver
        it again later; the apology is sent at most once a minute per chat, however often the
        update comes back. Any other failure would recur, so the update is not asked for again."""
        try:
            return await work  # type: ignore[misc, no-any-return]
        except Exception as error:
            transient = is_transient(error)
            log.exception("chat.handler_failed", extra={"update_id": source.update_id,
                                                        "retried": transient})
            if transient:
                mark_failed()
            seen.failed = True
            language = "cy" if (source.language_code or "").startswith("cy") else "en"
            text = self.services.catalogue.text("try_again_later", language)
            if isinstance(source, IncomingTap):
                return [out.AnswerTap(source.callback_id, text, True)]
            if source.private and self.apologies.allow(source.chat_id):
                return [out.SendText(source.chat_id, text)]
            return []

    async def _unreachable(self, chat_id: int) -> None:
        await self.services.blocking(self.services.delivery.mark_unreachable, chat_id)

    async def _park(self, action: out.Action) -> None:
        self.services.metrics.send_failed("parked")
        chat = getattr(action, "chat_id", 0)
        payload = action_to_payload(action)
        await self.services.blocking(self.services.delivery.park, chat, "reply", payload)

    async def _delete_later(self, chat_id: int, message_id: int, seconds: float) -> None:
        delivery, now = self.services.delivery, self.services.staff.clock()
        await self.services.blocking(delivery.delete_later, chat_id, message_id, seconds, now)

    async def close(self) -> None:
        """Write what is waiting (the anchors of questions just sent)."""
        await self.services.anchors.close()

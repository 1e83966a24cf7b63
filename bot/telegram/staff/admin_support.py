"""What every admin feature in the chat shares: the services, texts, prompts and code checks.

Services are synchronous (one transaction each) and run in a worker thread. Nothing here
logs or keeps a code, a secret or a provisioning URI.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.conversation.extensions import ChatContext
from bot.messaging import actions as out
from bot.security import recovery, totp
from bot.services.admin import Verification
from bot.services.admin_guard import require_admin, require_fresh_admin
from bot.telegram.staff.services import StaffServices

T = TypeVar("T")

CONFIRM_KIND = "2fa_confirm"
"""The bot asked for the first code from a device being set up."""
STEPUP_KIND = "2fa_stepup"
"""The bot asked for a code before running a command (payload: command, argument)."""
STEPUP_TTL = timedelta(minutes=5)
RECOVERY_CODES_SHOWN = timedelta(minutes=10)
"""How long the chat shows recovery codes before the message is deleted."""
QR_ANCHOR = "__2fa_qr__"
"""The QR message is remembered under this name, to delete it once the device works."""


class AdminTools:
    def __init__(self, services: StaffServices) -> None:
        self.services = services
        self.admins = services.admins
        self.roles = services.roles

    def __repr__(self) -> str:
        return "AdminTools(<key hidden>)"

    def now(self) -> datetime:
        return self.services.clock()

    def t(self, ctx: ChatContext, key: str, **params: object) -> str:
        return self.services.catalogue.text(key, ctx.language, **params)

    def say(
        self, ctx: ChatContext, key: str, keyboard: out.Keyboard = (), **params: object
    ) -> out.SendText:
        return out.SendText(ctx.chat_id, self.t(ctx, key, **params), keyboard)

    def recovery_codes(self, ctx: ChatContext, codes: str) -> out.SendText:
        """The codes, once; the message deletes itself after a while (security.md item 8)."""
        minutes = int(RECOVERY_CODES_SHOWN.total_seconds() // 60)
        text = self.t(ctx, "admin_recovery_codes", codes=codes, minutes=minutes)
        return out.SendText(ctx.chat_id, text, delete_after=RECOVERY_CODES_SHOWN.total_seconds())

    async def call(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(work, *args, **kwargs)

    async def transaction(self, work: Callable[[Any], T]) -> T:
        """Run `work(uow)` in one transaction, committed only if it returns."""

        def run() -> T:
            with self.services.unit_of_work() as uow:
                result = work(uow)
                uow.commit()
            return result

        return await asyncio.to_thread(run)

    async def require_fresh(self, user_id: int) -> None:
        """Raises EnrolmentRequired, StepUpRequired or NotAuthorised unless a fresh admin."""
        await self.transaction(lambda uow: require_fresh_admin(uow, user_id, self.now()))

    async def require_active(self, user_id: int) -> None:
        await self.transaction(lambda uow: require_admin(uow, user_id, self.now()))

    async def put_prompt(
        self, user_id: int, kind: str, payload: dict[str, Any], ttl: timedelta
    ) -> None:
        await self.transaction(lambda uow: uow.prompts.put(user_id, kind, payload, self.now(), ttl))

    async def clear_prompt(self, user_id: int) -> None:
        await self.transaction(lambda uow: uow.prompts.clear(user_id))

    async def verify(self, user_id: int, text: str) -> Verification:
        """A device code, or (when it has that shape) a recovery code; failures all alike."""
        if totp.parse_code(text) is None and recovery.normalise(text) is not None:
            return await self.call(self.admins.verify_recovery_code, user_id, text, self.now())
        return await self.call(self.admins.verify, user_id, text, self.now())

    def refusal(self, ctx: ChatContext, replayed: bool = False) -> list[out.Action]:
        """The one reply for every failed code; a replay also warns the admin (ASVS 2.8.5)."""
        actions: list[out.Action] = [self.say(ctx, "admin_code_refused")]
        if replayed:
            actions.append(self.say(ctx, "admin_code_replayed"))
        return actions

    def delete_code_message(self, ctx: ChatContext) -> list[out.Action]:
        """The person's message may carry a code: it goes as soon as it has been read."""
        if ctx.message_id is None:
            return []
        return [out.DeleteMessage(ctx.chat_id, ctx.message_id)]

    async def take_qr_message(self, chat_id: int) -> list[out.Action]:
        """Delete the enrolment QR (and the key in its caption), if this chat still shows one."""

        def take(uow: Any) -> int | None:
            found = uow.anchors.get(chat_id)
            if found is None or found[1] != QR_ANCHOR:
                return None
            uow.anchors.delete(chat_id)
            return int(found[0])

        message_id = await self.transaction(take)
        return [] if message_id is None else [out.DeleteMessage(chat_id, message_id)]

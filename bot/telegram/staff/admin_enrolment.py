"""`/2fa`: set up an admin's authenticator app in the private chat (security.md item 7).

The bot sends a QR of the otpauth URI, with the key in its caption for typing in by hand,
and asks for one code. A good code activates the device; then the QR message (and with it
the key) is deleted and the ten recovery codes are shown, once. Every failure gets the one
refusal. `/2fa new` starts again (moving to a new phone needs a fresh code first).
"""

from __future__ import annotations

from bot.conversation.extensions import ChatContext
from bot.messaging import actions as out
from bot.services.admin import ENROLMENT_TTL, DeviceState, NotAuthorised
from bot.services.admin_attempts import Check
from bot.telegram.staff.admin_support import CONFIRM_KIND, QR_ANCHOR, AdminTools

RETRYABLE = frozenset({Check.WRONG, Check.MALFORMED, Check.THROTTLED, Check.RATE_LIMITED})
"""Failures after which the enrolment still waits for a code."""


class Enrolment:
    def __init__(self, tools: AdminTools) -> None:
        self.tools = tools

    async def command(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        given = argument.strip().lower()
        if given not in ("", "new"):
            # `/2fa 123456`: the command itself may carry a code, so it goes too
            return [*tools.delete_code_message(ctx), tools.say(ctx, "admin_usage_2fa")]
        state = await tools.call(tools.admins.device_state, ctx.user_id, tools.now())
        if state in (DeviceState.NOT_ADMIN, DeviceState.LOCKED):
            raise NotAuthorised("not an admin, or locked out")
        if given != "new" and state is DeviceState.ENROLLED:
            return [tools.say(ctx, "admin_enrol_already")]
        if given != "new" and state is DeviceState.PENDING:
            await self._ask_for_code(ctx)
            return [tools.say(ctx, "admin_enrol_pending")]
        return await self._start(ctx)

    async def confirm(self, ctx: ChatContext, text: str) -> list[out.Action]:
        """The reply to 'send the code': activate the device, or refuse."""
        tools = self.tools
        result = await tools.call(tools.admins.confirm_enrolment, ctx.user_id, text, tools.now())
        if not result.accepted and result.check in RETRYABLE:
            # a typo: keep asking, so the next code is read (and deleted) as a code too
            await self._ask_for_code(ctx)
            return [*tools.refusal(ctx), tools.say(ctx, "admin_enrol_try_again")]
        if not result.accepted:
            return tools.refusal(ctx)
        codes = "\n".join(code.get_secret_value() for code in result.recovery_codes)
        return [
            *await tools.take_qr_message(ctx.chat_id),
            tools.say(ctx, "admin_enrol_done"),
            tools.recovery_codes(ctx, codes),
        ]

    async def _start(self, ctx: ChatContext) -> list[out.Action]:
        tools = self.tools
        started = await tools.call(tools.admins.start_enrolment, ctx.user_id, tools.now())
        earlier = await tools.take_qr_message(ctx.chat_id)  # a QR of an older secret
        await self._ask_for_code(ctx)
        caption = tools.t(ctx, "admin_enrol_qr", secret=started.secret.get_secret_value())
        return [
            *earlier,
            out.SendPhoto(ctx.chat_id, started.qr_png, caption, anchor_question=QR_ANCHOR),
            tools.say(ctx, "admin_enrol_ask_code"),
        ]

    async def _ask_for_code(self, ctx: ChatContext) -> None:
        await self.tools.put_prompt(ctx.user_id, CONFIRM_KIND, {}, ENROLMENT_TTL)

"""Admin commands in the private chat: 2FA enrolment, step-up codes, roles, erasure, purge,
exports with personal data, unlocking, recovery codes and the audit log.

The chat handler routes here only admins' commands in private chats (anyone else gets the
unknown-command reply; groups get the private-only reply). Whatever a command needs is
checked again by the services, on the server, in the transaction that acts:

- no device yet -> "send /2fa";
- a protected command without a code from the last 5 minutes (or /audit after 15 idle
  minutes) -> the command is kept in a prompt, the bot asks for a code, deletes the
  message carrying it, and runs the command once the code is accepted;
- every failed code -> one and the same refusal (a replay adds a warning).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.conversation.extensions import ChatContext
from bot.conversation.incoming import IncomingDocument
from bot.messaging import actions as out
from bot.security.log_pseudonyms import person_in_logs
from bot.services.admin import DeviceState, EnrolmentRequired, NotAuthorised, StepUpRequired
from bot.telegram.staff import admin_parsing as parse
from bot.telegram.staff.admin_actions import AdminActions, Handler
from bot.telegram.staff.admin_audit import AuditLog
from bot.telegram.staff.admin_data_chat import AdminDataActions
from bot.telegram.staff.admin_enrolment import Enrolment
from bot.telegram.staff.admin_support import (
    CONFIRM_KIND,
    STEPUP_KIND,
    STEPUP_TTL,
    AdminTools,
)
from bot.telegram.staff.services import StaffServices

log = logging.getLogger(__name__)
ADMIN = "admin"
OFFICER = "officer"
MAX_KEPT_ARGUMENT = 200
FOR_OFFICERS_TOO = frozenset({"/2fa", "/recovery", "/signout"})
"""Officers have a device too (finding 12): they enrol, sign out and renew recovery codes."""


class AdminChat:
    commands: Mapping[str, str]
    tap_prefix: str = parse.TAP_PREFIX
    prompt_kinds: frozenset[str] = frozenset({CONFIRM_KIND, STEPUP_KIND})

    def __init__(self, services: StaffServices) -> None:
        self.tools = AdminTools(services)
        self.enrolment = Enrolment(self.tools)
        self.actions = AdminActions(self.tools)
        self.data = AdminDataActions(self.tools)
        self.handlers: dict[str, Handler] = {
            "/2fa": self.enrolment.command,
            "/audit": AuditLog(self.tools).command,
            **self.actions.handlers,
            **self.data.handlers,
        }
        self.commands = {
            name: OFFICER if name in FOR_OFFICERS_TOO else ADMIN
            for name in [*self.handlers, "/admin", "/signout"]
        }

    def __repr__(self) -> str:
        return "AdminChat()"

    async def on_command(self, ctx: ChatContext, name: str, argument: str) -> list[out.Action]:
        log.info("admin.command", extra={"command": name, "staff": person_in_logs(ctx.user_id)})
        tools = self.tools
        if name == "/admin":
            return [tools.say(ctx, "admin_help")]
        if name == "/signout":
            await tools.clear_prompt(ctx.user_id)
            await tools.call(tools.admins.end_session, ctx.user_id, tools.now())
            return [tools.say(ctx, _staff_key(ctx, "admin_signed_out"))]
        handler = self.handlers.get(name)
        if handler is None:
            return [tools.say(ctx, "unknown_command")]
        return await self._guarded(ctx, name, argument, lambda: handler(ctx, argument))

    async def on_prompt_reply(
        self, ctx: ChatContext, kind: str, payload: dict[str, Any], text: str
    ) -> list[out.Action]:
        """A typed code: read once, deleted from the chat, the prompt closed either way."""
        tools = self.tools
        deleted = tools.delete_code_message(ctx)
        await tools.clear_prompt(ctx.user_id)
        if kind == CONFIRM_KIND:
            return [*deleted, *await self.enrolment.confirm(ctx, text)]
        verification = await tools.verify(ctx.user_id, text)
        if not verification.accepted:
            return [*deleted, *tools.refusal(ctx, replayed=verification.alert)]
        accepted = [*deleted, tools.say(ctx, "admin_code_accepted")]
        command, argument = payload.get("command"), payload.get("argument")
        if command not in self.handlers or not isinstance(argument, str):
            return accepted
        return [*accepted, *await self.on_command(ctx, str(command), argument)]

    async def on_tap(self, ctx: ChatContext, data: str) -> list[out.Action]:
        tools = self.tools
        answered = out.AnswerTap(ctx.callback_id or "")
        tap = parse.decode_tap(data)
        if tap is None or ADMIN not in ctx.roles:
            return [out.AnswerTap(ctx.callback_id or "", tools.t(ctx, "admin_tap_stale"), True)]
        cleared: list[out.Action] = []
        if ctx.message_id is not None:
            cleared.append(out.ClearKeyboard(ctx.chat_id, ctx.message_id))
        if isinstance(tap, parse.CancelTap):
            return [answered, *cleared, tools.say(ctx, "admin_cancelled")]
        if isinstance(tap, parse.EraseTap):
            erase = tap
            again = ("/erase", f"{erase.pseudonym} {erase.slug or ''}".strip())
            acted = await self._guarded(ctx, *again, lambda: self.data.erase_confirmed(ctx, erase))
        else:
            purge = tap
            acted = await self._guarded(
                ctx, "/purge", purge.slug, lambda: self.data.purge_confirmed(ctx, purge)
            )
        return [answered, *cleared, *acted]

    async def on_document(
        self, ctx: ChatContext, document: IncomingDocument
    ) -> list[out.Action] | None:
        return None

    async def _guarded(
        self,
        ctx: ChatContext,
        name: str,
        argument: str,
        run: Callable[[], Awaitable[list[out.Action]]],
    ) -> list[out.Action]:
        """Run a command; when the services want a code first, ask for one and keep it."""
        tools = self.tools
        try:
            return await run()
        except EnrolmentRequired:
            return [tools.say(ctx, _staff_key(ctx, "admin_enrol_first"))]
        except StepUpRequired:
            kept = {"command": name, "argument": argument[:MAX_KEPT_ARGUMENT]}
            await tools.put_prompt(ctx.user_id, STEPUP_KIND, kept, STEPUP_TTL)
            return [tools.say(ctx, "admin_code_needed")]
        except NotAuthorised:
            state = await tools.call(tools.admins.device_state, ctx.user_id, tools.now())
            if state is DeviceState.LOCKED:
                return [tools.say(ctx, _staff_key(ctx, "admin_locked"), user_id=ctx.user_id)]
            return [tools.say(ctx, "unknown_command")]


def _staff_key(ctx: ChatContext, key: str) -> str:
    """The officer's wording of an admin text, for someone who is not an admin."""
    return key if ADMIN in ctx.roles else key.replace("admin_", "officer_", 1)

"""Admin commands on roles and admins, each behind a fresh code (security.md item 9).

Each handler reads its arguments strictly (a usage reply when they do not fit), then calls
a service that checks step-up in its own transaction and writes the audit entry. The
guard exceptions (EnrolmentRequired, StepUpRequired, NotAuthorised) go up to `AdminChat`,
which asks for a code and runs the command again. Participants' data: admin_data_chat.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.conversation.extensions import ChatContext
from bot.messaging import actions as out
from bot.services.roles import LastAdmin
from bot.telegram.staff import admin_parsing as parse
from bot.telegram.staff.admin_support import AdminTools

Handler = Callable[[ChatContext, str], Awaitable[list[out.Action]]]


class AdminActions:
    def __init__(self, tools: AdminTools) -> None:
        self.tools = tools
        self.handlers: dict[str, Handler] = {
            "/grant": self.grant,
            "/revoke": self.revoke,
            "/unlock": self.unlock,
            "/recovery": self.recovery,
        }

    # roles -------------------------------------------------------------------------------

    async def grant(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        parsed = parse.user_and_role(argument)
        if parsed is None:
            return [tools.say(ctx, "admin_usage_grant")]
        who, role = parsed
        granted = await tools.call(tools.roles.grant, who, role, tools.now(), by=ctx.user_id)
        if not granted:
            return [tools.say(ctx, "admin_grant_already", user_id=who, role=self._role(ctx, role))]
        if role == "admin":
            return [tools.say(ctx, "admin_granted_admin", user_id=who)]
        return [tools.say(ctx, "admin_granted", user_id=who, role=self._role(ctx, role))]

    async def revoke(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        parsed = parse.user_and_role(argument)
        if parsed is None:
            return [tools.say(ctx, "admin_usage_revoke")]
        who, role = parsed
        try:
            revoked = await tools.call(tools.roles.revoke, who, role, tools.now(), by=ctx.user_id)
        except LastAdmin:
            return [tools.say(ctx, "admin_last_admin")]
        key = "admin_revoked" if revoked else "admin_revoke_none"
        return [tools.say(ctx, key, user_id=who, role=self._role(ctx, role))]

    def _role(self, ctx: ChatContext, role: str) -> str:
        return self.tools.t(ctx, f"admin_role_{role}")

    # admins ------------------------------------------------------------------------------

    async def unlock(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        who = parse.only_user(argument)
        if who is None:
            return [tools.say(ctx, "admin_usage_unlock")]
        if who == ctx.user_id:
            return [tools.say(ctx, "admin_unlock_self")]
        unlocked = await tools.call(tools.admins.unlock, who, tools.now(), by=ctx.user_id)
        return [tools.say(ctx, "admin_unlocked" if unlocked else "admin_unlock_none", user_id=who)]

    async def recovery(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        codes = await tools.call(tools.admins.regenerate_recovery_codes, ctx.user_id, tools.now())
        listed = "\n".join(code.get_secret_value() for code in codes)
        return [tools.recovery_codes(ctx, listed)]

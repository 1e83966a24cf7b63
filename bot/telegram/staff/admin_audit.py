"""`/audit [N]`: the latest entries of the audit log, and whether its hash chain is whole.

Reading the log needs an active admin session (a code in the last 15 idle minutes), not a
fresh code: it changes nothing and shows no personal data (actions, times, staff ids and
counts; any long or unexpected value in an entry's detail is left out).
"""

from __future__ import annotations

from typing import Any

from bot.conversation.extensions import ChatContext
from bot.messaging import actions as out
from bot.services.admin_guard import require_admin
from bot.telegram.staff import admin_parsing as parse
from bot.telegram.staff.admin_support import AdminTools

MESSAGE_LIMIT = 3500
_SHORT = 40


class AuditLog:
    def __init__(self, tools: AdminTools) -> None:
        self.tools = tools

    async def command(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        count = parse.audit_count(argument)
        if count is None:
            return [tools.say(ctx, "admin_usage_audit")]
        now = tools.now()

        def read(uow: Any) -> tuple[list[Any], int | None]:
            require_admin(uow, ctx.user_id, now)
            return list(uow.audit.latest(count)), uow.audit.verify()

        entries, broken = await tools.transaction(read)
        if not entries:
            return [tools.say(ctx, "admin_audit_empty")]
        lines = [tools.t(ctx, "admin_audit_header", count=len(entries))]
        lines += [self._line(ctx, entry) for entry in entries]
        if broken is None:
            lines.append(tools.t(ctx, "admin_audit_intact"))
        else:
            lines.append(tools.t(ctx, "admin_audit_broken", entry=broken))
        return [out.SendText(ctx.chat_id, text) for text in _pages(lines)]

    def _line(self, ctx: ChatContext, entry: Any) -> str:
        when = entry.at.astimezone(self.tools.services.settings.zone).strftime("%Y-%m-%d %H:%M")
        if entry.actor is None:
            by = self.tools.t(ctx, "admin_audit_by_none")
        else:
            by = self.tools.t(ctx, "admin_audit_by_user", user_id=entry.actor)
        detail = entry.detail if isinstance(entry.detail, dict) else {}
        facts = " ".join(
            f"{key}={value}" for key, value in sorted(detail.items()) if _shown(key, value)
        )
        return f"#{entry.id} {when} {entry.action} ({by}) {facts}".rstrip()


def _shown(key: object, value: object) -> bool:
    """Counts, flags, ids and short names only: never anything a person wrote."""
    if not isinstance(key, str) or len(key) > _SHORT:
        return False
    if value is None or isinstance(value, bool | int):
        return True
    return isinstance(value, str) and len(value) <= _SHORT and "\n" not in value


def _pages(lines: list[str]) -> list[str]:
    """Lines joined into messages that fit in Telegram's 4096 characters."""
    pages: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > MESSAGE_LIMIT:
            pages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        pages.append(current)
    return pages

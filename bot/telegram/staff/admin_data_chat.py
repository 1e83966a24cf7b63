"""Admin commands on participants' data: erase one person, purge a consultation after its
retention period, export answers with the unredacted text (security.md items 9, 13, 19-21).

Erasing and purging show a confirmation first (after step-up); the tap checks step-up
again on the server, in the transaction that acts. The services write the audit entries.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bot.conversation.extensions import ChatContext
from bot.exports import PersonalExportRefused
from bot.messaging import actions as out
from bot.security.pseudonyms import shortened
from bot.services.admin_data import (
    ConsultationMissing,
    PseudonymAmbiguous,
    RetentionNotOver,
    authorise_personal_export,
    erase_by_pseudonym,
    purge_consultation,
)
from bot.services.admin_guard import require_fresh_admin
from bot.services.retention import retention_ends
from bot.telegram.staff import admin_parsing as parse
from bot.telegram.staff.admin_actions import Handler
from bot.telegram.staff.admin_support import AdminTools


class AdminDataActions:
    def __init__(self, tools: AdminTools) -> None:
        self.tools = tools
        self.handlers: dict[str, Handler] = {
            "/erase": self.erase,
            "/purge": self.purge,
            "/export_personal": self.export_personal,
        }

    async def erase(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """`/erase PSEUDONYM [SLUG]`: confirm first (the tap erases)."""
        tools = self.tools
        parsed = parse.erase_target(argument)
        if parsed is None:
            return [tools.say(ctx, "admin_usage_erase")]
        who, where = parsed
        if not await self._fresh_and_found(ctx, where):
            return [tools.say(ctx, "admin_no_consultation", slug=where)]
        buttons = (
            (
                (tools.t(ctx, "admin_erase_yes"), parse.encode_tap(parse.EraseTap(who, where))),
                (tools.t(ctx, "admin_cancel"), parse.encode_tap(parse.CancelTap())),
            ),
        )
        return [tools.say(ctx, "admin_erase_confirm", buttons, pseudonym=shortened(who))]

    async def erase_confirmed(self, ctx: ChatContext, tap: parse.EraseTap) -> list[out.Action]:
        tools = self.tools
        now, key = tools.now(), tools.services.pseudonym_key

        def erase(uow: Any) -> bool:
            return erase_by_pseudonym(
                uow, tap.slug, tap.pseudonym, actor=ctx.user_id, secret_key=key, now=now
            )

        shown = shortened(tap.pseudonym)
        try:
            erased = await tools.transaction(erase)
        except ConsultationMissing as missing:
            return [tools.say(ctx, "admin_no_consultation", slug=missing.slug)]
        except PseudonymAmbiguous:
            return [tools.say(ctx, "admin_erase_ambiguous", pseudonym=shown)]
        key_ = "admin_erased" if erased else "admin_erase_none"
        return [tools.say(ctx, key_, pseudonym=shown)]

    async def purge(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """`/purge SLUG`: only after the retention period; confirm first (the tap purges)."""
        tools = self.tools
        slug = parse.only_slug(argument)
        if slug is None:
            return [tools.say(ctx, "admin_usage_purge")]
        now = tools.now()

        def check(uow: Any) -> tuple[bool, Any]:
            require_fresh_admin(uow, ctx.user_id, now)
            consultation = uow.consultations.get(slug)
            if consultation is None:
                return False, None
            return True, retention_ends(uow, consultation, now)

        found, ends = await tools.transaction(check)
        if not found:
            return [tools.say(ctx, "admin_no_consultation", slug=slug)]
        if ends is None or now < ends:
            return [self._retention_not_over(ctx, slug, ends)]
        buttons = (
            (
                (tools.t(ctx, "admin_purge_yes"), parse.encode_tap(parse.PurgeTap(slug))),
                (tools.t(ctx, "admin_cancel"), parse.encode_tap(parse.CancelTap())),
            ),
        )
        return [tools.say(ctx, "admin_purge_confirm", buttons, slug=slug)]

    async def purge_confirmed(self, ctx: ChatContext, tap: parse.PurgeTap) -> list[out.Action]:
        tools = self.tools
        now = tools.now()
        try:
            count = await tools.transaction(
                lambda uow: purge_consultation(uow, tap.slug, actor=ctx.user_id, now=now)
            )
        except ConsultationMissing:
            return [tools.say(ctx, "admin_no_consultation", slug=tap.slug)]
        except RetentionNotOver as early:
            return [self._retention_not_over(ctx, tap.slug, early.ends)]
        return [tools.say(ctx, "admin_purged", slug=tap.slug, count=count)]

    def _retention_not_over(self, ctx: ChatContext, slug: str, ends: Any) -> out.Action:
        if ends is None:
            return self.tools.say(ctx, "admin_purge_still_open", slug=slug)
        return self.tools.say(ctx, "admin_purge_too_early", slug=slug, until=ends)

    async def export_personal(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """`/export_personal SLUG [csv|xlsx|jsonl]`: the answers with unredacted text."""
        tools = self.tools
        parsed = parse.export_target(argument)
        if parsed is None:
            return [tools.say(ctx, "admin_usage_export")]
        slug, chosen = parsed
        try:
            await tools.transaction(
                lambda uow: authorise_personal_export(uow, slug, actor=ctx.user_id, now=tools.now())
            )
        except ConsultationMissing:
            return [tools.say(ctx, "admin_no_consultation", slug=slug)]
        filename = f"{slug}-personal-data.{chosen}"

        def export() -> tuple[bytes, int]:
            with tempfile.TemporaryDirectory(prefix="copro-export-") as folder:
                path = Path(folder) / filename
                done = tools.services.exports.export(
                    slug, chosen, path, include_personal_data=True, actor=ctx.user_id
                )
                return path.read_bytes(), done.rows

        try:
            content, rows = await tools.call(export)
        except PersonalExportRefused:
            return [tools.say(ctx, "admin_export_disabled")]
        caption = tools.t(ctx, "admin_export_caption", slug=slug, rows=rows)
        return [out.SendDocument(ctx.chat_id, filename, content, caption)]

    async def _fresh_and_found(self, ctx: ChatContext, slug: str | None) -> bool:
        """Step-up now (before a confirmation is shown); False if `slug` names nothing."""
        now = self.tools.now()

        def check(uow: Any) -> bool:
            require_fresh_admin(uow, ctx.user_id, now)
            return slug is None or uow.consultations.get(slug) is not None

        return await self.tools.transaction(check)

"""`/close SLUG ROUND`: asked first, since nobody can answer a round once it is closed."""

from __future__ import annotations

from typing import Any

from bot.conversation.extensions import ChatContext
from bot.engine import Availability, availability
from bot.messaging import actions as out
from bot.scheduling import RoundChange
from bot.telegram.staff.officer_parsing import Tap, encode_tap, new_token
from bot.telegram.staff.officer_rounds import RoundCommands
from bot.telegram.staff.officer_support import CLOSE_CONFIRM_KIND, OfficerTools


class CloseRound:
    def __init__(self, tools: OfficerTools, rounds: RoundCommands) -> None:
        self.tools = tools
        self.rounds = rounds

    async def command(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        found = await self.rounds.target_from(ctx, argument, "officer_usage_close")
        if isinstance(found, list):
            return found
        slug, key = found
        stored = await tools.stored(slug)
        round_ = stored.consultation.round(key) if stored else None
        if round_ is None or availability(round_, tools.now()) is Availability.CLOSED:
            return [tools.say(ctx, "officer_already_closed", slug=slug, round=key)]
        token = new_token()
        await tools.put_prompt(ctx.user_id, CLOSE_CONFIRM_KIND,
                               {"token": token, "slug": slug, "round": key})
        buttons = ((
            (tools.t(ctx, "officer_close_yes"), encode_tap("c", token, "yes")),
            (tools.t(ctx, "officer_close_no"), encode_tap("c", token, "no")),
        ),)
        return [tools.say(ctx, "officer_close_confirm", buttons, slug=slug, round=key,
                          title=round_.title.get(ctx.language))]

    async def tap(self, ctx: ChatContext, tap: Tap) -> list[out.Action]:
        """The officer's answer to "Close this round now?"."""
        tools = self.tools
        payload = await tools.drafted(ctx.user_id, CLOSE_CONFIRM_KIND, tap.token)
        if payload is None or tap.choice not in ("yes", "no"):
            return tools.stale(ctx)
        await tools.clear_prompt(ctx.user_id)
        slug, key = str(payload["slug"]), str(payload["round"])
        done: list[out.Action] = [tools.answered(ctx), *tools.cleared(ctx)]
        if tap.choice == "no":
            return [*done, tools.say(ctx, "officer_close_kept", slug=slug, round=key)]
        return [*done, *await self._close_now(ctx, slug, key)]

    async def reply(self, ctx: ChatContext, kind: str, payload: dict[str, Any],
                    text: str) -> list[out.Action]:
        return [self.tools.say(ctx, "officer_tap_a_button")]

    async def _close_now(self, ctx: ChatContext, slug: str, key: str) -> list[out.Action]:
        tools = self.tools
        change: RoundChange = await tools.call(
            tools.services.rounds.close_round, slug, key, tools.now(), ctx.user_id
        )
        if not change.changed:
            return [tools.say(ctx, "officer_already_closed", slug=change.slug, round=change.round)]
        said = "officer_closed_cancelled" if change.cancelled else "officer_closed"
        return [tools.say(ctx, said, slug=change.slug, round=change.round,
                          cancelled=change.cancelled)]

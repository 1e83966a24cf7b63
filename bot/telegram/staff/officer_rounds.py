"""Officers' rounds in the chat: list them, schedule, open and close, watch the broadcast."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.broadcast import broadcast_progress, progress_text
from bot.conversation.extensions import ChatContext
from bot.engine import Availability, availability
from bot.messaging import actions as out
from bot.scheduling import LocalTimeInvalid, RoundChange, RoundNotReady, parse_local
from bot.services.consultations import StoredConsultation, load_stored
from bot.services.feedback import feedback_counts
from bot.telegram.staff.officer_parsing import key_of, slug_of, time_words
from bot.telegram.staff.officer_support import OfficerTools
from bot.telegram.staff.officer_upload import problem_line


class RoundCommands:
    def __init__(self, tools: OfficerTools) -> None:
        self.tools = tools
        self.lifecycle = tools.services.rounds

    async def overview(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """Every consultation, each round with its state and times in local time."""
        tools = self.tools
        now = tools.now()

        def collect(uow: Any) -> list[tuple[StoredConsultation, dict[str, Any]]]:
            found = []
            for row in uow.consultations.list():
                stored = load_stored(uow, row.slug, now, tools.services.settings.zone)
                rows = {r.key: r for r in uow.consultations.rounds(stored.id)}
                found.append((stored, rows))
            return found

        found = await tools.reading(collect)
        if not found:
            return [tools.say(ctx, "officer_rounds_none")]
        blocks = [tools.t(ctx, "officer_rounds_heading")]
        for stored, rows in found:
            c = stored.consultation
            lines = [tools.t(ctx, "officer_rounds_consultation", title=c.title.get(ctx.language),
                             slug=c.slug)]
            for round_ in c.rounds:
                row = rows.get(round_.key)
                lines.append(self._round_line(ctx, round_, row, now))
            blocks.append("\n".join(lines))
        blocks.append(tools.t(ctx, "officer_rounds_footer"))
        return tools.long(ctx, "\n\n".join(blocks))

    def _round_line(self, ctx: ChatContext, round_: Any, row: Any, now: datetime) -> str:
        tools = self.tools
        title = round_.title.get(ctx.language)
        opens = row.opens_at if row is not None else round_.opens
        closes = row.closes_at if row is not None else round_.closes
        state = row.state if row is not None else "scheduled"
        when = availability(round_, now)
        if state == "draft":
            key, params = "officer_round_draft", {}
        elif state == "closed" or when is Availability.CLOSED:
            key, params = "officer_round_closed", {"closes": tools.moment(ctx, closes)}
        elif when is Availability.OPEN:
            key = "officer_round_open" if closes else "officer_round_open_no_end"
            params = {"closes": tools.moment(ctx, closes)}
        elif opens is not None:
            key = "officer_round_scheduled"
            params = {"opens": tools.moment(ctx, opens), "closes": tools.moment(ctx, closes)}
        else:
            key, params = "officer_round_unscheduled", {}
        state_text = tools.t(ctx, key, **params)
        return tools.t(ctx, "officer_round_line", round_key=round_.key, title=title,
                       state=state_text)

    async def schedule(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """`/schedule SLUG ROUND OPENS CLOSES`, times in the council's local time."""
        tools = self.tools
        parts = time_words(argument.split())
        if len(parts) != 4:
            return [tools.say(ctx, "officer_usage_schedule")]
        found = await self._target(ctx, parts[0], parts[1])
        if isinstance(found, list):
            return found
        slug, key = found
        zone = tools.services.settings.zone
        times: list[datetime] = []
        for text in parts[2:]:
            try:
                times.append(parse_local(text, zone))
            except LocalTimeInvalid:
                return [tools.say(ctx, "officer_bad_time", text=text)]
        opens, closes = times
        now = tools.now()
        if closes <= opens:
            return [tools.say(ctx, "officer_closes_before_opens")]
        if closes <= now:
            return [tools.say(ctx, "officer_closes_passed")]
        try:
            await tools.call(self.lifecycle.schedule_round, slug, key, opens, closes, now,
                             ctx.user_id)
        except RoundNotReady as refused:
            return self.not_ready(ctx, refused)
        return [tools.say(ctx, "officer_scheduled", slug=slug, round=key,
                          opens=tools.moment(ctx, opens), closes=tools.moment(ctx, closes))]

    async def open(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        found = await self.target_from(ctx, argument, "officer_usage_open")
        if isinstance(found, list):
            return found
        try:
            change: RoundChange = await tools.call(
                self.lifecycle.open_round, *found, tools.now(), ctx.user_id
            )
        except RoundNotReady as refused:
            return self.not_ready(ctx, refused)
        if not change.changed:
            return [tools.say(ctx, "officer_already_open", slug=change.slug, round=change.round)]
        key = "officer_opened" if change.closes_at else "officer_opened_no_end"
        return [tools.say(ctx, key, slug=change.slug, round=change.round, queued=change.queued,
                          closes=tools.moment(ctx, change.closes_at))]

    def not_ready(self, ctx: ChatContext, refused: RoundNotReady) -> list[out.Action]:
        """Why the round cannot go live, every problem listed; nothing changed."""
        tools = self.tools
        lines = [tools.t(ctx, "officer_round_not_ready", slug=refused.slug, round=refused.key)]
        lines += [problem_line(tools, ctx, problem) for problem in refused.problems]
        lines.append(tools.t(ctx, "officer_round_not_ready_fix"))
        return tools.long(ctx, "\n".join(lines))

    async def progress(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """`/progress SLUG`: notices and reminders sent, waiting and not sent, per round."""
        tools = self.tools
        slug = slug_of(argument)
        if slug is None:
            return [tools.say(ctx, "officer_usage_progress")]
        stored = await tools.stored(slug)
        if stored is None:
            return [tools.say(ctx, "officer_no_consultation", slug=slug)]

        def count(uow: Any) -> tuple[Any, tuple[int, int, int]]:
            return broadcast_progress(uow, slug), feedback_counts(uow, stored.id)

        progress, feedback = await tools.reading(count)
        title = stored.consultation.title.get(ctx.language)
        lines = [progress_text(progress, tools.services.catalogue, ctx.language, title)]
        for round_ in stored.consultation.rounds:
            counts = progress.rounds.get(round_.key)
            if counts is None or not counts.total:
                continue
            lines.append(tools.t(ctx, "officer_progress_round", round=round_.key,
                                 sent=counts.sent, pending=counts.pending, failed=counts.failed))
        if any(feedback):
            sent, pending, failed = feedback
            lines.append(tools.t(ctx, "officer_progress_feedback", sent=sent, pending=pending,
                                 failed=failed))
        if progress.total.interrupted:
            lines.append(tools.t(ctx, "officer_progress_interrupted",
                                 n=progress.total.interrupted))
        return tools.long(ctx, "\n".join(lines))

    async def target_from(
        self, ctx: ChatContext, argument: str, usage: str
    ) -> tuple[str, str] | list[out.Action]:
        parts = argument.split()
        if len(parts) != 2:
            return [self.tools.say(ctx, usage)]
        return await self._target(ctx, parts[0], parts[1])

    async def _target(
        self, ctx: ChatContext, slug_text: str, key_text: str
    ) -> tuple[str, str] | list[out.Action]:
        """(slug, round key) of a round that exists, or the reply saying what is wrong."""
        tools = self.tools
        slug, key = slug_of(slug_text), key_of(key_text)
        stored = await tools.stored(slug) if slug else None
        if stored is None or slug is None:
            return [tools.say(ctx, "officer_no_consultation", slug=slug_text[:40])]
        if key is None or key not in stored.round_ids:
            keys = ", ".join(r.key for r in stored.consultation.rounds)
            return [tools.say(ctx, "officer_no_round", slug=slug, round=key_text[:40],
                              rounds=keys)]
        return slug, key

"""Adding an officer's check-back round to the consultation, then scheduling or opening it.

The prompt is taken in the transaction that adds the round, so a repeated reply cannot add
it twice; if adding fails, the prompt stays and the officer can try other times.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.consultations import ConsultationInvalid
from bot.conversation.extensions import ChatContext
from bot.messaging import actions as out
from bot.scheduling import LocalTimeInvalid, RoundNotReady, parse_local
from bot.services.consultations import load_stored
from bot.services.playback import (
    CHOICES,
    RoundKeyTaken,
    RoundTexts,
    append_round,
    check_back_round,
    free_round_key,
)
from bot.telegram.staff.officer_parsing import time_words
from bot.telegram.staff.officer_support import PLAYBACK_WHEN_KIND, OfficerTools, claim
from bot.telegram.staff.officer_upload import problem_line

NOW_WORDS = ("now", "nawr")


class PlaybackAdder:
    def __init__(self, tools: OfficerTools) -> None:
        self.tools = tools
        self.lifecycle = tools.services.rounds

    async def schedule(self, ctx: ChatContext, payload: dict[str, Any],
                        text: str) -> list[out.Action]:
        tools = self.tools
        now, zone = tools.now(), tools.services.settings.zone
        times = parse_times(text, zone)
        if isinstance(times, str):
            return [tools.say(ctx, "officer_bad_time", text=times[:60]),
                    tools.say(ctx, "officer_playback_when")]
        opens, closes = times
        if opens is not None and opens <= now:
            opens = None  # a time already past means: open it now
        if closes <= now:
            return [tools.say(ctx, "officer_closes_passed")]
        if opens is not None and closes <= opens:
            return [tools.say(ctx, "officer_closes_before_opens")]
        texts = self._round_texts(payload)
        slug, token = str(payload["slug"]), str(payload["token"])

        def add(uow: Any) -> str | None:
            if claim(uow, ctx.user_id, now, PLAYBACK_WHEN_KIND, token) is None:
                return None
            stored = load_stored(uow, slug, now, zone)
            source = str(payload["source"])
            reminders: list[str] = next((r.get("reminders", []) for r in stored_rounds(uow, slug)
                                         if r.get("key") == source), [])
            key = free_round_key(list(stored.round_ids), source)
            definition = check_back_round(key, payload["statements"], texts,
                                          list(stored.consultation.languages), reminders)
            append_round(uow, slug, definition, now, zone, opens or now, closes, ctx.user_id)
            return key

        try:
            key = await tools.transaction(add)
        except (ConsultationInvalid, RoundKeyTaken, ValueError) as refused:
            problems = getattr(refused, "problems", None) or [refused]
            details = "\n".join(f"• {p}" for p in problems)
            return [tools.say(ctx, "officer_playback_refused", problems=details)]
        if key is None:
            return [tools.say(ctx, "officer_tap_stale")]
        try:
            if opens is None:
                change = await tools.call(self.lifecycle.open_round, slug, key, now, ctx.user_id)
                return [tools.say(ctx, "officer_playback_opened", slug=slug, round=key,
                                  queued=change.queued, closes=tools.moment(ctx, closes))]
            await tools.call(self.lifecycle.schedule_round, slug, key, opens, closes, now,
                             ctx.user_id)
        except RoundNotReady as not_ready:  # the round stays as added: a draft to open later
            lines = [problem_line(tools, ctx, problem) for problem in not_ready.problems]
            return [tools.say(ctx, "officer_playback_refused", problems="\n".join(lines))]
        return [tools.say(ctx, "officer_playback_scheduled", slug=slug, round=key,
                          opens=tools.moment(ctx, opens), closes=tools.moment(ctx, closes))]

    def _round_texts(self, payload: dict[str, Any]) -> RoundTexts:
        t, languages = self.tools.t, list(payload["languages"])
        return RoundTexts(
            title={x: t(x, "officer_playback_round_title") for x in languages},
            intro={x: t(x, "officer_playback_round_intro") for x in languages},
            choices={c: {x: t(x, f"officer_playback_{c}") for x in languages} for c in CHOICES},
            comment={x: t(x, "officer_playback_comment") for x in languages},
        )


def stored_rounds(uow: Any, slug: str) -> list[dict[str, Any]]:
    row = uow.consultations.get(slug)
    return list(row.definition.get("rounds", [])) if row is not None else []


def parse_times(text: str, zone: Any) -> tuple[datetime | None, datetime] | str:
    """(opens, closes) in UTC from 'OPENS CLOSES' (OPENS may be 'now'), or the bad part."""
    words = time_words(text.split())
    if len(words) != 2:
        return text.strip() or "-"
    opens: datetime | None = None
    if words[0].lower() not in NOW_WORDS:
        try:
            opens = parse_local(words[0], zone)
        except LocalTimeInvalid:
            return words[0]
    try:
        closes = parse_local(words[1], zone)
    except LocalTimeInvalid:
        return words[1]
    return opens, closes

"""`/playback SLUG ROUND`: draft "Is this what we heard?" statements from a closed round,
let the officer edit them, then add the check-back round and schedule it.

The draft lives in the officer's prompt; its buttons carry the draft's token, so a button
from an older draft does nothing. Adding the round takes the prompt in the same
transaction, so a second tap or reply cannot add it twice.
"""

from __future__ import annotations

import re
from typing import Any

from bot.conversation.extensions import ChatContext
from bot.engine import Availability, availability
from bot.messaging import actions as out
from bot.results import build_results
from bot.services.playback import MAX_STATEMENT_LENGTH, MAX_STATEMENTS, findings
from bot.telegram.staff.officer_parsing import Tap, encode_tap, key_of, new_token, slug_of
from bot.telegram.staff.officer_playback_add import PlaybackAdder
from bot.telegram.staff.officer_support import (
    PLAYBACK_DRAFT_KIND,
    PLAYBACK_EDIT_KIND,
    PLAYBACK_WHEN_KIND,
    OfficerTools,
)

KINDS = (PLAYBACK_DRAFT_KIND, PLAYBACK_EDIT_KIND, PLAYBACK_WHEN_KIND)
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.):]|[-•*])\s*")


class PlaybackFlow:
    def __init__(self, tools: OfficerTools) -> None:
        self.tools = tools
        self.adder = PlaybackAdder(tools)

    async def command(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        tools = self.tools
        parts = argument.split()
        if len(parts) != 2 or slug_of(parts[0]) is None:
            return [tools.say(ctx, "officer_usage_playback")]
        slug, key = str(slug_of(parts[0])), key_of(parts[1])
        stored = await tools.stored(slug)
        if stored is None:
            return [tools.say(ctx, "officer_no_consultation", slug=slug)]
        consultation = stored.consultation
        round_ = consultation.round(key) if key else None
        if round_ is None:
            keys = ", ".join(r.key for r in consultation.rounds)
            return [tools.say(ctx, "officer_no_round", slug=slug, round=parts[1][:40],
                              rounds=keys)]
        now, zone = tools.now(), tools.services.settings.zone
        if availability(round_, now) is not Availability.CLOSED:
            return [tools.say(ctx, "officer_playback_not_closed", slug=slug, round=round_.key)]
        results = await tools.reading(
            lambda uow: build_results(uow, slug, round_.key, now, zone,
                                      themes_dir=tools.services.settings.themes_dir)
        )
        languages = list(consultation.languages)
        found = findings(results.round(round_.key), languages)
        statements = {x: [self._statement(x, f.kind, f.labels[x]) for f in found]
                      for x in languages}
        sources = [f"{f.labels.get(ctx.language, f.key)} ({f.count})" for f in found]
        payload = {"token": new_token(), "slug": slug, "source": round_.key,
                   "languages": languages, "statements": statements, "sources": sources}
        await tools.put_prompt(ctx.user_id, PLAYBACK_DRAFT_KIND, payload)
        return await self._draft(ctx, payload)

    def _statement(self, language: str, kind: str, text: str) -> str:
        """A theme named inside a sentence: "Community safety" -> "community safety"
        ({theme_lower}; "CCTV" stays as it is)."""
        key = "officer_playback_theme" if kind == "theme" else "officer_playback_phrase"
        lower = text[:1].lower() + text[1:] if text[1:2].islower() else text
        return self.tools.t(language, key, theme=text, theme_lower=lower, phrase=text)

    async def _draft(self, ctx: ChatContext, payload: dict[str, Any]) -> list[out.Action]:
        tools = self.tools
        stored = await tools.stored(str(payload["slug"]))
        if stored is None:
            await tools.clear_prompt(ctx.user_id)
            return [tools.say(ctx, "officer_no_consultation", slug=payload["slug"])]
        c = stored.consultation
        source = c.round(str(payload["source"]))
        lines = [tools.t(ctx, "officer_playback_draft", title=c.title.get(ctx.language),
                         round=source.title.get(ctx.language) if source else payload["source"])]
        statements: dict[str, list[str]] = payload["statements"]
        for language in payload["languages"]:
            lines.append("")
            lines.append(tools.t(ctx, f"officer_language_{language}") + ":")
            listed = statements.get(language) or []
            lines += [f"{n}. {s}" for n, s in enumerate(listed, 1)]
            if not listed:
                lines.append(tools.t(ctx, "officer_playback_none"))
        if payload.get("sources"):
            lines += ["", tools.t(ctx, "officer_playback_sources",
                                  sources=", ".join(payload["sources"]))]
        problem = _problem(payload)
        if problem:
            lines += ["", tools.t(ctx, problem, max=MAX_STATEMENTS)]
        token = str(payload["token"])
        edits = tuple(
            (tools.t(ctx, f"officer_playback_edit_{x}"), encode_tap("p", token, x))
            for x in payload["languages"]
        )
        last = [(tools.t(ctx, "officer_cancel"), encode_tap("p", token, "no"))]
        if not problem:
            last.insert(0, (tools.t(ctx, "officer_playback_schedule"),
                            encode_tap("p", token, "go")))
        return tools.long(ctx, "\n".join(lines), (edits, tuple(last)))

    async def tap(self, ctx: ChatContext, tap: Tap) -> list[out.Action]:
        tools = self.tools
        found = await tools.prompt(ctx.user_id)
        if found is None or found[0] not in KINDS or found[1].get("token") != tap.token:
            return tools.stale(ctx)
        payload = {k: v for k, v in found[1].items() if k != "editing"}
        if tap.choice == "no":
            await tools.clear_prompt(ctx.user_id)
            return [tools.answered(ctx), *tools.cleared(ctx), tools.say(ctx, "officer_cancelled")]
        if tap.choice in payload.get("languages", []):
            await tools.put_prompt(ctx.user_id, PLAYBACK_EDIT_KIND,
                                   {**payload, "editing": tap.choice})
            listed = "\n".join(payload["statements"].get(tap.choice) or [])
            name = tools.t(ctx, f"officer_language_{tap.choice}")
            asked: list[out.Action] = [
                tools.answered(ctx),
                *tools.cleared(ctx),  # the draft comes again, with its buttons, after the edit
                tools.say(ctx, "officer_playback_edit_ask", language_name=name, max=MAX_STATEMENTS),
            ]
            return [*asked, out.SendText(ctx.chat_id, listed)] if listed else asked
        if tap.choice != "go" or _problem(payload):
            return tools.stale(ctx)
        await tools.put_prompt(ctx.user_id, PLAYBACK_WHEN_KIND, payload)
        return [tools.answered(ctx), *tools.cleared(ctx),
                tools.say(ctx, "officer_playback_when")]

    async def reply(self, ctx: ChatContext, kind: str, payload: dict[str, Any],
                    text: str) -> list[out.Action]:
        tools = self.tools
        if kind == PLAYBACK_DRAFT_KIND:
            return [tools.say(ctx, "officer_tap_a_button")]
        if kind == PLAYBACK_WHEN_KIND:
            return await self.adder.schedule(ctx, payload, text)
        language = str(payload.get("editing", ""))
        if language not in payload.get("languages", []):
            await tools.clear_prompt(ctx.user_id)
            return [tools.say(ctx, "officer_tap_stale")]
        lines = [_NUMBERING.sub("", line).strip() for line in text.splitlines()]
        lines = [line for line in lines if line]
        if not 1 <= len(lines) <= MAX_STATEMENTS:
            return [tools.say(ctx, "officer_playback_count", max=MAX_STATEMENTS)]
        if any(len(line) > MAX_STATEMENT_LENGTH for line in lines):
            return [tools.say(ctx, "officer_playback_too_long", max=MAX_STATEMENT_LENGTH)]
        updated = {k: v for k, v in payload.items() if k != "editing"}
        updated["statements"] = {**payload["statements"], language: lines}
        await tools.put_prompt(ctx.user_id, PLAYBACK_DRAFT_KIND, updated)
        return await self._draft(ctx, updated)


def _problem(payload: dict[str, Any]) -> str | None:
    """What stops the draft being scheduled, as a catalogue key; None when it is ready."""
    counts = [len(payload["statements"].get(x) or []) for x in payload["languages"]]
    if not counts or min(counts) == 0:
        return "officer_playback_empty"
    if len(set(counts)) > 1:
        return "officer_playback_mismatch"
    return None

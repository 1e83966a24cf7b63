"""Officer commands in the private chat: consultation files, previews, rounds, results,
exports, check-back rounds ("Is this what we heard?") and "You said, we did".

The chat handler routes here only the commands of officers and admins in private chats
(anyone else gets the unknown-command reply; groups get the private-only reply). Buttons
start with "o|" and are decoded strictly; every tap is answered, whatever it carried.
Typed replies the bot asked for (statements, times, feedback texts, preview answers) come
back through `on_prompt_reply`. Officers have a second factor (`officer_guard`): commands
need a session, and broadcasts, exports, uploads and round changes a fresh code.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any

from bot.conversation.extensions import ChatContext, may_use
from bot.conversation.incoming import IncomingDocument
from bot.messaging import actions as out
from bot.security.log_pseudonyms import person_in_logs
from bot.telegram.staff.officer_close import CloseRound
from bot.telegram.staff.officer_feedback import FeedbackFlow
from bot.telegram.staff.officer_guard import (
    FRESH_COMMANDS,
    FRESH_REPLIES,
    FRESH_TAPS,
    MAX_KEPT,
    OPEN_COMMANDS,
    OfficerGuard,
    document_kept,
    kept_document,
)
from bot.telegram.staff.officer_parsing import TAP_PREFIX, Tap, decode_tap
from bot.telegram.staff.officer_playback import PlaybackFlow
from bot.telegram.staff.officer_preview import Preview
from bot.telegram.staff.officer_results import ResultCommands
from bot.telegram.staff.officer_rounds import RoundCommands
from bot.telegram.staff.officer_support import (
    CLOSE_CONFIRM_KIND,
    FEEDBACK_CONFIRM_KIND,
    FEEDBACK_TEXT_KIND,
    IMPORT_KIND,
    KINDS,
    OFFICER,
    PLAYBACK_DRAFT_KIND,
    PLAYBACK_EDIT_KIND,
    PLAYBACK_WHEN_KIND,
    PREVIEW_KIND,
    STEPUP_KIND,
    OfficerTools,
)
from bot.telegram.staff.officer_upload import Upload, is_consultation_file
from bot.telegram.staff.services import StaffServices

log = logging.getLogger(__name__)
Command = Callable[[ChatContext, str], Awaitable[list[out.Action]]]
Reply = Callable[[ChatContext, str, dict[str, Any], str], Awaitable[list[out.Action]]]
TapHandler = Callable[[ChatContext, Tap], Awaitable[list[out.Action]]]


class OfficerChat:
    commands: Mapping[str, str]
    tap_prefix: str = TAP_PREFIX
    prompt_kinds: frozenset[str] = KINDS

    def __init__(self, services: StaffServices) -> None:
        self.tools = tools = OfficerTools(services)
        self.guard = OfficerGuard(tools)
        rounds, results = RoundCommands(tools), ResultCommands(tools)
        closing = CloseRound(tools, rounds)
        self.upload, self.preview = Upload(tools), Preview(tools)
        playback, feedback = PlaybackFlow(tools), FeedbackFlow(tools)
        self.handlers: dict[str, Command] = {
            "/officer": self.help,
            "/rounds": rounds.overview,
            "/consultations": rounds.overview,
            "/preview": self.preview.command,
            "/schedule": rounds.schedule,
            "/open": rounds.open,
            "/close": closing.command,
            "/progress": rounds.progress,
            "/results": results.results,
            "/export": results.export,
            "/playback": playback.command,
            "/feedback": feedback.command,
            "/cancel": self.cancel,
        }
        self.commands = {name: OFFICER for name in self.handlers}
        self.replies: dict[str, Reply] = {
            PREVIEW_KIND: self.preview.reply,
            IMPORT_KIND: self.upload.reply,
            PLAYBACK_DRAFT_KIND: playback.reply,
            PLAYBACK_EDIT_KIND: playback.reply,
            PLAYBACK_WHEN_KIND: playback.reply,
            FEEDBACK_TEXT_KIND: feedback.reply,
            FEEDBACK_CONFIRM_KIND: feedback.reply,
            CLOSE_CONFIRM_KIND: closing.reply,
        }
        self.taps: dict[str, TapHandler] = {
            "v": self.preview.tap, "i": self.upload.tap, "p": playback.tap, "f": feedback.tap,
            "c": closing.tap,
        }

    def __repr__(self) -> str:
        return "OfficerChat()"

    async def help(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        return [self.tools.say(ctx, "officer_help")]

    async def cancel(self, ctx: ChatContext, argument: str) -> list[out.Action]:
        """End whatever the bot was waiting for from this officer (drafts are dropped)."""
        await self.tools.clear_prompt(ctx.user_id)
        return [self.tools.say(ctx, "officer_cancelled")]

    async def on_command(self, ctx: ChatContext, name: str, argument: str) -> list[out.Action]:
        log.info("officer.command", extra={"command": name, "staff": person_in_logs(ctx.user_id)})
        handler = self.handlers.get(name)
        if handler is None or not may_use(ctx.roles, OFFICER):
            return [self.tools.say(ctx, "unknown_command")]
        if name in OPEN_COMMANDS:
            return await handler(ctx, argument.strip())
        kept = {"command": name, "argument": argument[:MAX_KEPT]}
        return await self.guard.guarded(ctx, kept, name in FRESH_COMMANDS,
                                        lambda: handler(ctx, argument.strip()))

    async def on_prompt_reply(
        self, ctx: ChatContext, kind: str, payload: dict[str, Any], text: str
    ) -> list[out.Action]:
        handler = self.replies.get(kind)
        if kind == STEPUP_KIND and may_use(ctx.roles, OFFICER):
            return await self._code(ctx, payload, text)
        if handler is None or not may_use(ctx.roles, OFFICER):
            await self.tools.clear_prompt(ctx.user_id)
            return [self.tools.say(ctx, "officer_tap_stale")]
        if kind in FRESH_REPLIES:
            return await self.guard.guarded(ctx, {"reply": text[:MAX_KEPT]}, True,
                                            lambda: handler(ctx, kind, payload, text))
        return await handler(ctx, kind, payload, text)

    async def on_tap(self, ctx: ChatContext, data: str) -> list[out.Action]:
        tools = self.tools
        tap = decode_tap(data)
        if tap is None or not may_use(ctx.roles, OFFICER):
            return tools.stale(ctx)
        try:
            if (tap.area, tap.choice) not in FRESH_TAPS:
                return await self.taps[tap.area](ctx, tap)
            kept = {"tap": data, "message_id": ctx.message_id}
            acted = await self.guard.guarded(ctx, kept, True, lambda: self.taps[tap.area](ctx, tap))
            if not any(isinstance(action, out.AnswerTap) for action in acted):
                acted = [tools.answered(ctx), *acted]
            return acted
        except Exception:
            log.exception("officer.tap_failed",
                          extra={"staff": person_in_logs(ctx.user_id), "area": tap.area})
            return [tools.answered(ctx, "try_again_later", alert=True)]

    async def on_document(
        self, ctx: ChatContext, document: IncomingDocument
    ) -> list[out.Action] | None:
        """A consultation file from an officer; anything else is not ours to take."""
        if not may_use(ctx.roles, OFFICER) or not is_consultation_file(document):
            return None
        return await self.guard.guarded(ctx, kept_document(document), True,
                                        lambda: self.upload.document(ctx, document))

    async def _code(self, ctx: ChatContext, payload: dict[str, Any], text: str
                    ) -> list[out.Action]:
        """The code the bot asked for; once accepted, what was kept runs again."""
        accepted, said = await self.guard.code(ctx, payload, text)
        if not accepted:
            return said
        command, argument = payload.get("command"), payload.get("argument")
        document = document_kept(payload)
        if isinstance(command, str) and command in self.handlers and isinstance(argument, str):
            return [*said, *await self.on_command(ctx, command, argument)]
        if isinstance(payload.get("tap"), str):
            message_id = payload.get("message_id")
            again = replace(ctx, callback_id=None,
                            message_id=message_id if isinstance(message_id, int) else None)
            acted = await self.on_tap(again, str(payload["tap"]))
            # the tap was answered when the code was asked for: its notices become messages
            return [*said, *(out.SendText(ctx.chat_id, a.text or "") if isinstance(a, out.AnswerTap)
                             else a for a in acted if not isinstance(a, out.AnswerTap) or a.text)]
        found = await self.tools.prompt(ctx.user_id)
        if isinstance(payload.get("reply"), str) and found is not None:
            return [*said, *await self.on_prompt_reply(ctx, *found, str(payload["reply"]))]
        if document is not None:
            return [*said, *(await self.on_document(ctx, document) or [])]
        return said

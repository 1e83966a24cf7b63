"""Officers' second factor in the chat (finding 12): what needs a session or a fresh code,
asking for the code, and reading it.

Every officer command but /officer and /cancel needs an active session (a good code, not
idle 15 minutes, no older than 12 hours). Broadcasts, exports, uploads and round changes
need a code from the last 5 minutes; the uploads and feedback services check again in the
transaction that acts. Codes go through the admins' own checks (`AdminTools`): one replay
guard, back-off, lockout and audit for all staff. While the bot waits for a code it keeps
what was asked (and the officer's open draft), so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.conversation.extensions import ChatContext
from bot.conversation.incoming import IncomingDocument
from bot.messaging import actions as out
from bot.services.admin import DeviceState, EnrolmentRequired, NotAuthorised, StepUpRequired
from bot.services.admin_guard import require_fresh_staff, require_staff
from bot.telegram.staff.admin_support import STEPUP_TTL, AdminTools
from bot.telegram.staff.officer_support import (
    KINDS,
    PLAYBACK_WHEN_KIND,
    STEPUP_KIND,
    OfficerTools,
)

OPEN_COMMANDS = frozenset({"/officer", "/cancel"})
"""Help and cancelling need no code."""
FRESH_COMMANDS = frozenset({"/open", "/close", "/schedule", "/export"})
FRESH_TAPS = frozenset({("i", "yes"), ("f", "yes"), ("p", "go"), ("c", "yes")})
"""Import a file, send "You said, we did" to everyone, add a check-back round, close one."""
FRESH_REPLIES = frozenset({PLAYBACK_WHEN_KIND})
"""The times of a check-back round: the reply that schedules it."""
MAX_KEPT = 200

Run = Callable[[], Awaitable[list[out.Action]]]


def kept_document(document: IncomingDocument) -> dict[str, Any]:
    return {"document": {"file_id": document.file_id, "file_name": document.file_name,
                         "mime_type": document.mime_type, "file_size": document.file_size}}


def document_kept(payload: dict[str, Any]) -> IncomingDocument | None:
    kept = payload.get("document")
    if not isinstance(kept, dict) or not isinstance(kept.get("file_id"), str):
        return None
    return IncomingDocument(kept["file_id"], kept.get("file_name"), kept.get("mime_type"),
                            kept.get("file_size"))


class OfficerGuard:
    def __init__(self, tools: OfficerTools) -> None:
        self.tools = tools
        self.codes = AdminTools(tools.services)

    def __repr__(self) -> str:
        return "OfficerGuard()"

    async def guarded(
        self, ctx: ChatContext, kept: dict[str, Any], fresh: bool, run: Run
    ) -> list[out.Action]:
        """`run()` if the session allows it; else how to enrol, or a request for a code."""
        tools = self.tools
        check = require_fresh_staff if fresh else require_staff
        try:
            await tools.transaction(lambda uow: check(uow, ctx.user_id, tools.now()))
            return await run()
        except EnrolmentRequired:
            return [tools.say(ctx, "officer_enrol_first")]
        except StepUpRequired:
            return await self._ask_for_code(ctx, kept)
        except NotAuthorised:
            state = await tools.call(self.codes.admins.device_state, ctx.user_id, tools.now())
            if state is DeviceState.LOCKED:
                return [tools.say(ctx, "officer_locked", user_id=ctx.user_id)]
            return [tools.say(ctx, "unknown_command")]

    async def code(
        self, ctx: ChatContext, payload: dict[str, Any], text: str
    ) -> tuple[bool, list[out.Action]]:
        """Read the typed code once and delete its message; the kept draft comes back either
        way. (accepted, what to say)."""
        tools, codes = self.tools, self.codes
        deleted = codes.delete_code_message(ctx)
        await tools.clear_prompt(ctx.user_id)
        verification = await codes.verify(ctx.user_id, text)
        restore = payload.get("restore")
        if (isinstance(restore, dict) and restore.get("kind") in KINDS - {STEPUP_KIND}
                and isinstance(restore.get("payload"), dict)):
            await tools.put_prompt(ctx.user_id, str(restore["kind"]), dict(restore["payload"]))
        if not verification.accepted:
            return False, [*deleted, *codes.refusal(ctx, replayed=verification.alert)]
        return True, [*deleted, codes.say(ctx, "admin_code_accepted")]

    async def _ask_for_code(self, ctx: ChatContext, kept: dict[str, Any]) -> list[out.Action]:
        tools = self.tools
        found = await tools.prompt(ctx.user_id)
        if found is not None and found[0] == STEPUP_KIND and "restore" in found[1]:
            kept = {**kept, "restore": found[1]["restore"]}
        elif found is not None and found[0] in KINDS - {STEPUP_KIND}:
            kept = {**kept, "restore": {"kind": found[0], "payload": found[1]}}
        await tools.put_prompt(ctx.user_id, STEPUP_KIND, kept, STEPUP_TTL)
        return [tools.say(ctx, "admin_code_needed")]

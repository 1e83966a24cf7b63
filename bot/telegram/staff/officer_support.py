"""What every officer feature in the chat shares: texts, prompts, look-ups, transactions.

Services are synchronous (one transaction each) and run in a worker thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.conversation.extensions import ChatContext
from bot.messaging import actions as out
from bot.services.consultations import ConsultationNotFound, StoredConsultation, load_stored
from bot.services.ports import UnitOfWork
from bot.telegram.staff.officer_parsing import split_text
from bot.telegram.staff.services import StaffServices

T = TypeVar("T")

OFFICER = "officer"

PREVIEW_KIND = "officer_preview"
IMPORT_KIND = "officer_import"
PLAYBACK_DRAFT_KIND = "officer_playback"
PLAYBACK_EDIT_KIND = "officer_playback_edit"
PLAYBACK_WHEN_KIND = "officer_playback_when"
FEEDBACK_TEXT_KIND = "officer_feedback_text"
FEEDBACK_CONFIRM_KIND = "officer_feedback_ok"
STEPUP_KIND = "officer_2fa_stepup"
CLOSE_CONFIRM_KIND = "officer_close_ok"
"""The bot asked for a code before an officer's action (see officer_guard.py)."""
KINDS = frozenset({
    PREVIEW_KIND, IMPORT_KIND, PLAYBACK_DRAFT_KIND, PLAYBACK_EDIT_KIND, PLAYBACK_WHEN_KIND,
    FEEDBACK_TEXT_KIND, FEEDBACK_CONFIRM_KIND, STEPUP_KIND, CLOSE_CONFIRM_KIND,
})
DRAFT_TTL = timedelta(minutes=30)
PREVIEW_TTL = timedelta(hours=2)

class OfficerTools:
    def __init__(self, services: StaffServices) -> None:
        self.services = services

    def __repr__(self) -> str:
        return "OfficerTools()"

    # time, texts --------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.services.clock()

    def t(self, ctx: ChatContext | str, key: str, **params: object) -> str:
        language = ctx if isinstance(ctx, str) else ctx.language
        return self.services.catalogue.text(key, language, **params)

    def say(
        self, ctx: ChatContext, key: str, keyboard: out.Keyboard = (), **params: object
    ) -> out.SendText:
        return out.SendText(ctx.chat_id, self.t(ctx, key, **params), keyboard)

    def long(self, ctx: ChatContext, text: str, keyboard: out.Keyboard = ()) -> list[out.Action]:
        """A text of any length: split into messages, the buttons on the last one."""
        parts = split_text(text)
        sent: list[out.Action] = [out.SendText(ctx.chat_id, p) for p in parts[:-1]]
        return [*sent, out.SendText(ctx.chat_id, parts[-1], keyboard)]

    def moment(self, ctx: ChatContext, when: datetime | None) -> str:
        if when is None:
            return self.t(ctx, "officer_no_time")
        return self.services.catalogue.moment(when, ctx.language)

    def answered(self, ctx: ChatContext, key: str | None = None, alert: bool = False,
                 **params: object) -> out.AnswerTap:
        text = self.t(ctx, key, **params) if key else None
        return out.AnswerTap(ctx.callback_id or "", text, alert)

    def stale(self, ctx: ChatContext) -> list[out.Action]:
        return [self.answered(ctx, "officer_tap_stale", alert=True)]

    def cleared(self, ctx: ChatContext) -> list[out.Action]:
        """Take the buttons off the tapped message, so it cannot be pressed twice."""
        if ctx.message_id is None:
            return []
        return [out.ClearKeyboard(ctx.chat_id, ctx.message_id)]

    # work in a thread ---------------------------------------------------------------------

    async def call(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(work, *args, **kwargs)

    async def transaction(self, work: Callable[[Any], T]) -> T:
        """Run `work(uow)` in one transaction, committed only if it returns."""

        def run() -> T:
            with self.services.unit_of_work() as uow:
                result = work(uow)
                uow.commit()
            return result

        return await asyncio.to_thread(run)

    async def reading(self, work: Callable[[Any], T]) -> T:
        def run() -> T:
            with self.services.reading() as uow:
                return work(uow)

        return await asyncio.to_thread(run)

    async def stored(self, slug: str) -> StoredConsultation | None:
        def find(uow: Any) -> StoredConsultation | None:
            try:
                return load_stored(uow, slug, self.now(), self.services.settings.zone)
            except ConsultationNotFound:
                return None

        return await self.reading(find)

    # prompts ------------------------------------------------------------------------------

    async def put_prompt(
        self, user_id: int, kind: str, payload: dict[str, Any], ttl: timedelta = DRAFT_TTL
    ) -> None:
        await self.transaction(lambda uow: uow.prompts.put(user_id, kind, payload, self.now(), ttl))

    async def prompt(self, user_id: int) -> tuple[str, dict[str, Any]] | None:
        found: tuple[str, dict[str, Any]] | None = await self.reading(
            lambda uow: uow.prompts.get(user_id, self.now())
        )
        return found

    async def drafted(self, user_id: int, kind: str, token: str) -> dict[str, Any] | None:
        """The payload of this person's open prompt, if it is of `kind` with this token."""
        found = await self.prompt(user_id)
        if found is None or found[0] != kind or found[1].get("token") != token:
            return None
        return found[1]

    async def clear_prompt(self, user_id: int) -> None:
        """End an officer prompt (another feature's prompt is left alone)."""
        await self.transaction(lambda uow: claim_any(uow, user_id))


def claim(
    uow: UnitOfWork, user_id: int, now: datetime, kind: str, token: str
) -> dict[str, Any] | None:
    """Take (delete) the person's prompt of `kind` with `token`, inside the caller's
    transaction: of two taps on the same button only one gets the payload."""
    return uow.prompts.take(user_id, now, kind, token)


def claim_any(uow: UnitOfWork, user_id: int) -> None:
    """End whichever officer prompt the person has."""
    uow.prompts.clear_kinds(user_id, KINDS)

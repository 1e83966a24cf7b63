"""The one way out: every Bot API call, within Telegram's limits, retried with care.

429: wait `retry_after` and try again, at most 3 times, then park the message in the
outbox. 403: mark the person unreachable. 5xx and network errors: back off and retry,
then park. Nothing is retried without bound.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.messaging import actions as out
from bot.messaging.api import BadRequest, BotApi, Forbidden, RetryAfter, Unavailable
from bot.messaging.rate_limit import RateLimiter

log = logging.getLogger(__name__)
MAX_RETRIES = 3
BACKOFF_SECONDS = 0.5


DeleteLater = Callable[[int, int, float], Awaitable[None]]
"""(chat id, message id, seconds): delete that message from the chat after a while."""
RememberAnchor = Callable[[int, int, str | None], Awaitable[None]]
"""(chat id, message id, question key): this message now shows that question (None: the
edited message shows no question any more)."""


class Sender:
    def __init__(
        self,
        api: BotApi,
        limiter: RateLimiter,
        remember: RememberAnchor,
        on_forbidden: Callable[[int], Awaitable[None]],
        park: Callable[[out.Action], Awaitable[None]],
        max_retries: int = MAX_RETRIES,
        delete_later: DeleteLater | None = None,
    ) -> None:
        self.api = api
        self.limiter = limiter
        self.remember = remember
        self.on_forbidden = on_forbidden
        self.park = park
        self.max_retries = max_retries
        self.delete_later = delete_later

    async def perform(self, actions: list[out.Action]) -> None:
        """Carry out actions in order (a chat's messages must not overtake each other)."""
        for action in actions:
            await self.send(action)

    async def send(self, action: out.Action) -> bool:
        """True when done; False when parked in the outbox or dropped (403, 400)."""
        chat = _chat_of(action)
        for attempt in range(self.max_retries + 1):
            if not isinstance(action, out.AnswerTap):
                await self.limiter.wait(chat)
            try:
                await self._call(action)
                return True
            except RetryAfter as limited:
                log.warning("telegram.rate_limited", extra={"retry_after": limited.seconds})
                if attempt == self.max_retries:
                    break
                await asyncio.sleep(limited.seconds)
            except Forbidden:
                if chat is not None:
                    await self.on_forbidden(chat)
                return False
            except BadRequest as refused:
                if isinstance(action, out.AnswerTap):
                    # Answered already: a repeated delivery of the same tap, or too late.
                    log.info("telegram.tap_not_answered", extra={"reason": "bad_request"})
                elif not refused.not_modified:
                    log.error("telegram.bad_request", extra={"method": type(action).__name__})
                return refused.not_modified
            except Unavailable:
                if attempt == self.max_retries:
                    break
                await asyncio.sleep(BACKOFF_SECONDS * 2**attempt)
        if isinstance(action, out.AnswerTap):
            return False  # a tap's spinner cannot be answered later
        try:
            await self.park(action)
        except Exception:  # the database is away too: the next actions may still get out
            log.exception("telegram.park_failed", extra={"method": type(action).__name__})
        return False

    async def _call(self, action: out.Action) -> None:
        api = self.api
        match action:
            case out.SendText(chat_id=c, text=text, keyboard=kb, anchor_question=q):
                message_id = await api.send_message(c, text, kb)
                if q:
                    await self._remember(c, message_id, q)
                if action.delete_after is not None:
                    await self._delete_later(c, message_id, action.delete_after)
            case out.EditText(chat_id=c, message_id=m, text=text, keyboard=kb, anchor_question=q):
                await api.edit_message_text(c, m, text, kb)
                await self._remember(c, m, q or None)
            case out.ClearKeyboard(chat_id=c, message_id=m):
                await api.edit_keyboard(c, m, ())
            case out.AnswerTap(callback_id=cid, text=text, alert=alert):
                await api.answer_callback(cid, text, alert)
            case out.SendDocument(chat_id=c, filename=name, content=content, caption=caption):
                await api.send_document(c, name, content, caption)
            case out.SendPhoto(chat_id=c, content=content, caption=caption, anchor_question=q):
                message_id = await api.send_photo(c, content, caption)
                if q:
                    await self._remember(c, message_id, q)
            case out.DeleteMessage(chat_id=c, message_id=m):
                await api.delete_message(c, m)


    async def _delete_later(self, chat_id: int, message_id: int, seconds: float) -> None:
        """A message with a secret goes after a while. It is out already: if the deletion
        cannot be queued, delete it now rather than leave it in the chat."""
        try:
            if self.delete_later is None:
                raise RuntimeError("no way to delete later")
            await self.delete_later(chat_id, message_id, seconds)
        except Exception:
            log.exception("telegram.delete_not_queued")
            await self.send(out.DeleteMessage(chat_id, message_id))

    async def _remember(self, chat_id: int, message_id: int, question: str | None) -> None:
        """Note which message shows the question. The message is out already, so a database
        failure here must not stop the actions after it (the next question, say): without
        the anchor, a typed answer only leaves the old question's buttons in place."""
        try:
            await self.remember(chat_id, message_id, question)
        except Exception:
            log.exception("telegram.anchor_not_saved")


def _chat_of(action: out.Action) -> int | None:
    return getattr(action, "chat_id", None)

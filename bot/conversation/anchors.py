"""Which message shows each chat's current question, so a typed answer can tidy it up.

A question's message id is known only once Telegram has taken the message, after the
answer's transaction has committed. Writing it at once would cost every answer a second
transaction; instead it is kept here and written behind, many chats in one transaction a
moment later. Until then this worker answers from memory; another worker reads the older
record and only leaves an old question's buttons in place (a tap on them is refused).
Losing the record in a crash costs the same, never an answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)
WRITE_BEHIND_SECONDS = 0.5
BATCH_LIMIT = 200
STAFF_MARKER = "__"


@dataclass(frozen=True)
class Anchor:
    """The message that shows the question being answered now."""

    message_id: int
    question: str


class AnchorStore(Protocol):
    def pending(self, chat_id: int) -> Anchor | bool | None:
        """The anchor not yet written for this chat (None: forgotten); False if none."""
        ...

    async def set(self, chat_id: int, anchor: Anchor) -> None: ...

    async def forget(self, chat_id: int) -> None: ...


WriteAnchors = Callable[[dict[int, tuple[int, str] | None]], Awaitable[None]]
"""Writes (chat id -> (message id, question) or None to forget) in one transaction."""


class AnchorBook:
    """Anchors written behind in batches; `flush` (or `close`) writes what is waiting."""

    def __init__(self, write: WriteAnchors, delay: float = WRITE_BEHIND_SECONDS) -> None:
        self._write = write
        self._delay = delay
        self._waiting: dict[int, Anchor | None] = {}
        self._writing: dict[int, Anchor | None] = {}
        """The batch being written: still this worker's news until it has committed."""
        self._task: asyncio.Task[None] | None = None

    def pending(self, chat_id: int) -> Anchor | bool | None:
        if chat_id in self._waiting:
            return self._waiting[chat_id]
        return self._writing.get(chat_id, False)

    async def set(self, chat_id: int, anchor: Anchor) -> None:
        self._waiting[chat_id] = anchor
        if len(self._waiting) >= BATCH_LIMIT:
            await self.flush()
        else:
            self._schedule()

    async def note(self, chat_id: int, message_id: int, question: str | None) -> None:
        """The sender's report: this message now shows `question` (None: no question).

        A staff marker (a name starting "__", such as the 2FA QR whose caption carries a
        secret and must be deleted later) is written at once, not behind."""
        if question:
            await self.set(chat_id, Anchor(message_id, question))
            if question.startswith(STAFF_MARKER):
                await self.flush()
        else:
            await self.forget(chat_id)

    async def forget(self, chat_id: int) -> None:
        self._waiting[chat_id] = None
        self._schedule()

    async def flush(self) -> None:
        """Write every waiting anchor now (one transaction)."""
        batch, self._waiting = self._waiting, {}
        if not batch:
            return
        self._writing.update(batch)
        try:
            await self._write(
                {c: None if a is None else (a.message_id, a.question) for c, a in batch.items()}
            )
        except Exception:
            # The database is away: the anchors are only a courtesy, nothing is lost but
            # the tidying of old buttons. Keep what arrived meanwhile; drop this batch.
            log.exception("anchors.not_saved", extra={"chats": len(batch)})
        finally:
            for chat, anchor in batch.items():
                if self._writing.get(chat, False) is anchor:
                    del self._writing[chat]

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()

    def _schedule(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._later())

    async def _later(self) -> None:
        await asyncio.sleep(self._delay)
        self._task = None
        await self.flush()

"""The bot's update queue: long polling, offset confirmation, allowed_updates, redelivery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import TERMINATED, ApiError
from bot.sandbox.notify import ChangeSignal

# What Telegram sends when allowed_updates is empty or was never set.
_OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass
class QueuedUpdate:
    """An update waiting to be confirmed; `seq` orders copies of the same update_id."""

    seq: int
    update: dict[str, Any]
    delivered: bool = False
    redelivered: bool = False

    @property
    def update_id(self) -> int:
        """The update's id."""
        return int(self.update["update_id"])


class UpdateQueue:
    """Unconfirmed updates, in the order they happened."""

    def __init__(self) -> None:
        self.entries: list[QueuedUpdate] = []
        self.allowed: frozenset[str] = frozenset()
        self.signal = ChangeSignal()
        self.closing = False
        self.history: dict[int, dict[str, Any]] = {}
        self._next_update_id = 1
        self._seq = 0
        self._poll_generation = 0

    @property
    def upcoming_update_id(self) -> int:
        """The update_id the next update gets (kept across restarts: Copro ignores repeats)."""
        return self._next_update_id

    def continue_from(self, update_id: int) -> None:
        """Number the next updates from here (never backwards)."""
        self._next_update_id = max(self._next_update_id, update_id)

    def next_update_id(self) -> int:
        """Reserve the next update_id."""
        update_id = self._next_update_id
        self._next_update_id += 1
        return update_id

    def push(self, update: dict[str, Any], redelivered: bool = False) -> bool:
        """Queue an update; False when allowed_updates filters it out (Telegram drops it)."""
        kind = next(key for key in update if key != "update_id")
        if (self.allowed and kind not in self.allowed) or (
            not self.allowed and kind in _OPT_IN_TYPES
        ):
            return False
        self._seq += 1
        self.entries.append(QueuedUpdate(self._seq, update, redelivered=redelivered))
        self.history[int(update["update_id"])] = update
        self.signal.fire()
        return True

    def set_allowed(self, allowed: list[str] | None) -> None:
        """Remember allowed_updates; None keeps the previous setting, as in Telegram."""
        if allowed is not None:
            self.allowed = frozenset(allowed)

    def confirm(self, offset: int) -> None:
        """Drop what the offset confirms (a negative offset keeps only the last -offset)."""
        if offset < 0:
            self.entries = self.entries[offset:]
            return
        if offset == 0:
            return
        copies = [e.seq for e in self.entries if e.delivered and e.update_id == offset - 1]
        if copies:
            last = max(copies)
            self.entries = [e for e in self.entries if e.seq > last]
        else:
            self.entries = [
                e
                for e in self.entries
                if e.update_id >= offset or (e.redelivered and not e.delivered)
            ]

    def clear(self) -> None:
        """Forget every pending update (drop_pending_updates)."""
        self.entries.clear()

    def remove(self, entry: QueuedUpdate) -> None:
        """Drop one entry after a successful webhook delivery."""
        self.entries = [e for e in self.entries if e.seq != entry.seq]

    async def poll(self, offset: int, limit: int, timeout: float) -> list[dict[str, Any]]:
        """getUpdates: confirm, then answer at once or when an update comes, by the timeout."""
        self.confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self.signal.fire()  # an earlier poll still waiting now ends with 409
        await self.signal.wait_until(
            lambda: bool(self.entries) or self.closing or generation != self._poll_generation,
            timeout,
        )
        if generation != self._poll_generation:
            raise ApiError(409, TERMINATED)
        batch = self.entries[: max(1, min(limit, 100))]
        for entry in batch:
            entry.delivered = True
        return [entry.update for entry in batch]

    def close(self) -> None:
        """Answer every waiting poll now (the server is stopping)."""
        self.closing = True
        self.signal.fire()

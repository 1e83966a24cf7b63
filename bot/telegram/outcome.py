"""Whether Copro handled an update, so a webhook can ask Telegram to deliver it again.

The webhook server sets a fresh `UpdateOutcome` before feeding an update to the framework;
the chat runtime marks it failed when handling raised for a reason that may pass (the
database was down, say). An update that fails for any other reason (a bug, a poison file)
would fail on every delivery, so it is answered 200, logged, and not delivered again. The
holder is mutable so the mark is seen whichever task or context the framework ran it in.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass

from storage.errors import is_transient as storage_is_transient


@dataclass
class UpdateOutcome:
    failed: bool = False


current_outcome: ContextVar[UpdateOutcome | None] = ContextVar("copro_update_outcome", default=None)


def is_transient(error: BaseException) -> bool:
    """Whether handling the same update again later may succeed."""
    return storage_is_transient(error) or isinstance(error, OSError)


def mark_failed() -> None:
    """Record that the update in hand was not handled (no-op when polling)."""
    outcome = current_outcome.get()
    if outcome is not None:
        outcome.failed = True


class ApologyThrottle:
    """At most one "sorry, try again" per chat a minute: redeliveries must not spam people."""

    def __init__(self, every_seconds: float = 60.0) -> None:
        self.every_seconds = every_seconds
        self._last: dict[int, float] = {}

    def allow(self, chat_id: int) -> bool:
        now = time.monotonic()
        if now - self._last.get(chat_id, -self.every_seconds) < self.every_seconds:
            return False
        if len(self._last) > 10_000:
            self._last.clear()
        self._last[chat_id] = now
        return True

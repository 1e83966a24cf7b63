"""Telegram's sending limits as token buckets: per chat, per group, and overall."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    """Holds up to `capacity` sends and refills `rate` of them a second."""

    capacity: float
    rate: float
    tokens: float = field(init=False)
    updated: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def wait(self, now: float) -> float:
        """Seconds until one send is allowed (0 when allowed now)."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        """Spend one send."""
        self._refill(now)
        self.tokens -= 1

    def _refill(self, now: float) -> None:
        if self.updated is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now


class RateLimiter:
    """About 1 message/s per chat (small burst), 20/min per group, about 30/s overall."""

    def __init__(
        self,
        per_chat: tuple[float, float] = (3, 1.0),
        per_group: tuple[float, float] = (20, 20 / 60),
        overall: tuple[float, float] = (30, 30.0),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_chat = per_chat
        self._per_group = per_group
        self._overall = TokenBucket(*overall)
        self._chats: dict[int, TokenBucket] = {}
        self._groups: dict[int, TokenBucket] = {}
        self._clock = clock

    def retry_after(self, chat_id: int, is_group: bool) -> int | None:
        """Seconds to wait if this send breaks a limit; otherwise count it and return None."""
        now = self._clock()
        buckets = [self._overall, self._chats.setdefault(chat_id, TokenBucket(*self._per_chat))]
        if is_group:
            buckets.append(self._groups.setdefault(chat_id, TokenBucket(*self._per_group)))
        wait = max(bucket.wait(now) for bucket in buckets)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.take(now)
        return None

"""Rate limits for the web channel: the interface, and a sliding window kept in memory.

One process keeps its own counts here; behind several workers `bot.web.redis_limits` shares
them through Redis with the same interface (and falls back to this class when Redis is down).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

MAX_TRACKED = 50_000
"""Keys remembered at most; the least recently used are forgotten first, so memory stays
bounded whatever number of addresses or cookies an attacker brings (a few tens of MB)."""


@dataclass(frozen=True)
class Verdict:
    """Whether one event was allowed; if not, whole seconds until the key may act again."""

    allowed: bool
    retry_after: int = 0


class Limiter(Protocol):
    """At most `limit` events per `window` seconds for each key, however it is stored."""

    limit: int
    window: float

    async def check(self, key: str) -> Verdict:
        """Count one event for `key` if it is under its limit, and say whether it was."""
        ...


@dataclass
class RateLimiter:
    """At most `limit` events per `window` seconds for each key, in this process's memory."""

    limit: int
    window: float
    clock: Callable[[], float] = time.monotonic
    max_tracked: int = MAX_TRACKED
    _seen: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, key: str, now: float) -> bool:
        """Count one event for `key` at `now` (seconds), if the key is under its limit."""
        times = self._seen.pop(key, None) or deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self._seen[key] = times  # re-inserted: the dict's order is least recently used first
        while len(self._seen) > self.max_tracked:
            del self._seen[next(iter(self._seen))]
        return allowed

    def retry_after(self, key: str, now: float) -> int:
        """Whole seconds until `key` may act again."""
        times = self._seen.get(key)
        if not times:
            return 0
        return max(1, int(times[0] + self.window - now + 0.999))

    @property
    def tracked(self) -> int:
        """How many keys are remembered now."""
        return len(self._seen)

    async def check(self, key: str) -> Verdict:
        now = self.clock()
        if self.allow(key, now):
            return Verdict(True)
        return Verdict(False, self.retry_after(key, now))

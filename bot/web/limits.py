"""In-memory rate limits for the web channel: a sliding window per address and per person.

One process keeps its own counts; behind several workers each limits its share (a shared
store such as Redis can replace this class later without changing its callers).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

MAX_TRACKED = 50_000
"""Keys remembered at most; the oldest are forgotten first, so memory stays bounded."""


@dataclass
class RateLimiter:
    """At most `limit` events per `window` seconds for each key."""

    limit: int
    window: float
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
        if len(self._seen) > MAX_TRACKED:
            del self._seen[next(iter(self._seen))]
        return allowed

    def retry_after(self, key: str, now: float) -> int:
        """Whole seconds until `key` may act again."""
        times = self._seen.get(key)
        if not times:
            return 0
        return max(1, int(times[0] + self.window - now + 0.999))

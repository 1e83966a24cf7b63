"""Telegram's sending limits as token buckets: about 1 message a second per chat, 30 overall."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Bucket:
    capacity: float
    per_second: float
    tokens: float
    stamp: float

    def delay(self, now: float) -> float:
        """Take a token; how long to wait first (0 when one is free)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.per_second


@dataclass
class RateLimiter:
    """Waits as long as needed so neither a chat's nor the bot's limit is broken."""

    per_chat: float = 1.0
    chat_burst: float = 3.0
    overall: float = 30.0
    clock: Callable[[], float] = time.monotonic
    start_full: bool = True
    """False: no burst at start (a restarted drainer must not add a second's worth to the
    messages its predecessor sent in the last second)."""
    _chats: dict[int, _Bucket] = field(default_factory=dict)
    _global: _Bucket | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait(self, chat_id: int | None) -> None:
        async with self._lock:
            now = self.clock()
            if self._global is None:
                tokens = self.overall if self.start_full else 0.0
                self._global = _Bucket(self.overall, self.overall, tokens, now)
            delay = self._global.delay(now)
            if chat_id is not None:
                bucket = self._chats.get(chat_id)
                if bucket is None:
                    bucket = _Bucket(self.chat_burst, self.per_chat, self.chat_burst, now)
                    self._chats[chat_id] = bucket
                delay = max(delay, bucket.delay(now))
            if len(self._chats) > 10_000:
                self._forget_idle(now)
        if delay > 0:
            await asyncio.sleep(delay)

    def _forget_idle(self, now: float) -> None:
        idle = [c for c, b in self._chats.items() if now - b.stamp > 60]
        for chat in idle:
            del self._chats[chat]

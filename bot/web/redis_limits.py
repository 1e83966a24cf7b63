"""Rate limits shared by every web worker through Redis, with the in-memory limiter's interface.

A sliding window log in a sorted set, checked and counted by one Lua script: atomic (two
workers cannot both take the last place), timed by the Redis server's clock (one clock for
every worker, however their own drift), and the same rule as `RateLimiter`, so choosing Redis
changes where counts live, not what residents see. A key holds at most `limit` entries and
expires one window after its last counted event. Fixed window counters would be smaller, but
let twice the limit through around a window's edge.

When Redis cannot be reached the limiter fails open to the in-memory one, with one logged
warning per outage: the limits are a brake on floods, not a lock (CSRF tokens and signed
cookies guard the answers whatever happens), so a Redis outage must not stop every resident
from answering; each worker then still limits its own share. Redis is tried again after
`RETRY_SECONDS`, so an outage does not cost every request a connection timeout.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from bot.web.limits import RateLimiter, Verdict

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
"""After a failure, how long the in-memory limiter answers alone before Redis is tried again."""
SOCKET_SECONDS = 0.25
"""A slow Redis costs a request at most about this (connecting, or waiting for a reply)."""

SLIDING_WINDOW = """
local key, limit, window = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]) * 1000000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, time[1] .. '.' .. time[2] .. '-' .. count)
  redis.call('PEXPIRE', key, math.ceil(window / 1000))
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000000))
"""
"""Returns 0 when the event was counted, else whole seconds until the key may act again."""


def redis_client(url: str) -> Redis:
    """A client that gives up quickly instead of retrying: the fallback answers meanwhile."""
    return Redis.from_url(
        url,
        socket_timeout=SOCKET_SECONDS,
        socket_connect_timeout=SOCKET_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )


@dataclass
class RedisRateLimiter:
    """At most `limit` events per `window` seconds for each key, counted in Redis.

    Keys are stored as `PREFIX:NAME:HASH`, the hash keyed by `secret`: Redis never holds a
    participant key or an IP address, and no one can tell from it whose counts these are."""

    client: Redis
    limit: int
    window: float
    prefix: str
    name: str
    secret: bytes
    fallback: RateLimiter | None = None
    clock: Callable[[], float] = time.monotonic
    _down_until: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._script = self.client.register_script(SLIDING_WINDOW)
        if self.fallback is None:
            self.fallback = RateLimiter(self.limit, self.window, self.clock)

    def redis_key(self, key: str) -> str:
        digest = hashlib.blake2b(
            key.encode(), key=self.secret[:64], digest_size=16, person=b"copro-limits"
        )
        return f"{self.prefix}:{self.name}:{digest.hexdigest()}"

    async def check(self, key: str) -> Verdict:
        assert self.fallback is not None
        if self._down_until is not None and self.clock() < self._down_until:
            return await self.fallback.check(key)
        try:
            counted = await self._script(keys=[self.redis_key(key)], args=[self.limit, self.window])
            wait = int(counted)
        except (RedisError, OSError, TimeoutError) as error:
            if self._down_until is None:
                log.warning("web.rate_limit.redis_unavailable", extra={
                    "limiter": self.name, "error": type(error).__name__, "fallback": "memory"})
            self._down_until = self.clock() + RETRY_SECONDS
            return await self.fallback.check(key)
        if self._down_until is not None:
            log.info("web.rate_limit.redis_back", extra={"limiter": self.name})
            self._down_until = None
        return Verdict(wait == 0, wait)

    @property
    def degraded(self) -> bool:
        """True while Redis is unreachable and the in-memory limiter answers."""
        return self._down_until is not None

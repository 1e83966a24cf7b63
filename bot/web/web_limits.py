"""The web channel's rate limits as configured: in memory, or shared through Redis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.web.forwarded import TrustedProxies
from bot.web.limits import Limiter, RateLimiter

if TYPE_CHECKING:
    from redis.asyncio import Redis

PER_ADDRESS = (120, 60.0)
"""Posts a minute from one address (a library or a household shares one)."""
PER_PERSON = (40, 60.0)
"""Posts a minute from one participant cookie (a resident answers a few a minute at most)."""


@dataclass
class WebLimits:
    """Limits per address and per person, and whose X-Forwarded-For to believe."""

    per_address: Limiter = field(default_factory=lambda: RateLimiter(*PER_ADDRESS))
    per_person: Limiter = field(default_factory=lambda: RateLimiter(*PER_PERSON))
    proxies: TrustedProxies = field(default_factory=TrustedProxies)
    redis: Redis | None = None
    """The Redis client the limiters share, if any (closed with the web app)."""

    @classmethod
    def chosen(
        cls, redis_url: str, trusted_proxies: list[str], prefix: str, secret: bytes
    ) -> WebLimits:
        """Shared through Redis when `redis_url` is set, else in this process's memory."""
        proxies = TrustedProxies.of(trusted_proxies)
        if not redis_url:
            return cls(proxies=proxies)
        from bot.web.redis_limits import RedisRateLimiter, redis_client

        client = redis_client(redis_url)
        return cls(
            per_address=RedisRateLimiter(client, *PER_ADDRESS, prefix, "address", secret),
            per_person=RedisRateLimiter(client, *PER_PERSON, prefix, "person", secret),
            proxies=proxies,
            redis=client,
        )

    async def close(self) -> None:
        """Let go of Redis connections (the web app's cleanup); nothing to do in memory."""
        if self.redis is not None:
            await self.redis.aclose()

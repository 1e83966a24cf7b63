"""A drainer's limiter starts with no burst: after a restart it must not send a second's
worth at once on top of what the previous process sent in its last second."""

from __future__ import annotations

import pytest

from bot.messaging import rate_limit
from bot.messaging.rate_limit import RateLimiter


async def _waits(limiter: RateLimiter, calls: int, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []

    async def record(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(rate_limit.asyncio, "sleep", record)
    for _ in range(calls):
        await limiter.wait(None)
    return waited


async def test_a_limiter_that_starts_empty_paces_from_the_first_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    full = RateLimiter(overall=10, clock=lambda: now[0])
    empty = RateLimiter(overall=10, clock=lambda: now[0], start_full=False)
    assert await _waits(full, 10, monkeypatch) == []  # a second's burst, no wait
    waits = await _waits(empty, 10, monkeypatch)
    assert len(waits) == 10 and waits[-1] == pytest.approx(1.0)  # 10 take a whole second

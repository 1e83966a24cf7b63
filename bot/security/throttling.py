"""When a 2FA attempt is refused before its code is even checked: lock, hourly cap, back-off."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

LOCK_AFTER = 10  # consecutive failures
HOURLY_LIMIT = 100  # failures per account in any hour
HOUR = timedelta(hours=1)


class Refusal(StrEnum):
    LOCKED = "locked"
    RATE_LIMITED = "rate_limited"
    THROTTLED = "throttled"


def backoff(failures: int) -> timedelta:
    """After the n-th consecutive failure, wait 2^(n-1) seconds."""
    return timedelta(seconds=2 ** (failures - 1)) if failures > 0 else timedelta(0)


def refusal(
    *,
    failures: int,
    last_failure_at: datetime | None,
    locked: bool,
    failures_last_hour: int,
    now: datetime,
) -> Refusal | None:
    """Why an attempt must be refused now whatever its code, or None if it may be checked."""
    if locked or failures >= LOCK_AFTER:
        return Refusal.LOCKED
    if failures_last_hour >= HOURLY_LIMIT:
        return Refusal.RATE_LIMITED
    if failures and last_failure_at is not None and now < last_failure_at + backoff(failures):
        return Refusal.THROTTLED
    return None

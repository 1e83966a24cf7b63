"""A staff session (admin or officer): a code proves presence for 5 minutes; 15 idle
minutes end it, and so do 12 hours since the code that started it, however busy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

STEP_UP = timedelta(minutes=5)
IDLE = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
"""The absolute lifetime of a session, counted from its last good code (admins and officers)."""


@dataclass(frozen=True)
class AdminSession:
    """When the admin last gave a good code, and when they last did anything."""

    user_id: int
    verified_at: datetime | None
    seen_at: datetime | None

    def active(self, now: datetime) -> bool:
        """Verified, not idle for more than 15 minutes, and no older than 12 hours."""
        if self.verified_at is None or self.seen_at is None:
            return False
        return now - self.seen_at <= IDLE and now - self.verified_at <= SESSION_LIFETIME

    def fresh(self, now: datetime) -> bool:
        """Active, with a good code no older than 5 minutes (step-up for protected actions)."""
        if not self.active(now) or self.verified_at is None:
            return False
        return timedelta(0) <= now - self.verified_at <= STEP_UP

"""Faults a test injects on a Bot API method for its next K calls, or for S seconds."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from bot.sandbox.errors import BLOCKED, ApiError, too_many_requests

KINDS = {
    "retry_after": "retry_after",
    "429": "retry_after",
    "blocked": "blocked",
    "403": "blocked",
    "server_error": "server_error",
    "500": "server_error",
    "slow": "slow",
    "timeout": "slow",
}
_DEFAULT_DELAY = {"slow": 1.0, "timeout": 30.0}


@dataclass
class Fault:
    """One injected fault; `method` is a Bot API method name or "*" for any method."""

    method: str
    kind: str
    remaining: int = 1
    retry_after: int = 1
    status: int = 500
    delay: float = 1.0
    description: str = ""
    until: float | None = None
    """With a duration: every call fails until this `time.monotonic()`, whatever the count."""

    def error(self) -> ApiError | None:
        """The error this fault answers with (None for a slow answer that then succeeds)."""
        if self.kind == "retry_after":
            return too_many_requests(self.retry_after)
        if self.kind == "blocked":
            return ApiError(403, self.description or BLOCKED)
        if self.kind == "server_error":
            return ApiError(self.status, self.description or "Internal Server Error")
        return None

    def as_json(self) -> dict[str, Any]:
        """The fault as the test API shows it."""
        return asdict(self)


class FaultInjector:
    """Pending faults, consumed one per call in the order they were added."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(
        self,
        method: str,
        kind: str,
        count: int = 1,
        retry_after: int = 1,
        status: int = 500,
        delay: float | None = None,
        description: str = "",
        seconds: float | None = None,
    ) -> Fault:
        """Queue a fault for the next `count` calls of `method` (or every call for `seconds`)."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(KINDS)}")
        fault = Fault(
            method=method,
            kind=KINDS[kind],
            remaining=max(1, count),
            retry_after=max(1, retry_after),
            status=status,
            delay=_DEFAULT_DELAY.get(kind, 1.0) if delay is None else delay,
            description=description,
            until=None if seconds is None else time.monotonic() + seconds,
        )
        self.faults.append(fault)
        return fault

    def take(self, method: str) -> Fault | None:
        """The fault for this call of `method`, if one is pending."""
        now = time.monotonic()
        self.faults = [f for f in self.faults if f.until is None or f.until > now]
        for fault in self.faults:
            if fault.method.lower() in (method.lower(), "*"):
                if fault.until is not None:
                    return fault
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Drop all pending faults."""
        self.faults.clear()

"""A change signal many coroutines can wait on, with a timeout."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class ChangeSignal:
    """Wakes every waiter when something changed; waiters re-check their own condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        """Wake everyone waiting now."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, ready: Callable[[], bool], timeout: float) -> bool:
        """Wait until `ready()` is true or the timeout passes; returns `ready()`."""
        deadline = time.monotonic() + max(timeout, 0.0)
        while not ready():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(self._event.wait(), remaining)
            except TimeoutError:
                return ready()
        return True

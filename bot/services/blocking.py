"""Run synchronous service calls (database transactions) off the event loop.

SQLite takes one writer at a time, and threads racing for its lock sleep in its busy
handler (up to 100 ms a turn), so its calls queue on one thread; PostgreSQL gets a few.
Each call runs in a copy of the caller's context, so log fields (update id, pseudonym)
follow it into the thread.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class BlockingRunner:
    def __init__(self, threads: int) -> None:
        self.threads = threads
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="copro-db")

    async def __call__(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        call = functools.partial(work, *args, **kwargs)
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._executor, context.run, call)

    def close(self) -> None:
        self._executor.shutdown(wait=True)

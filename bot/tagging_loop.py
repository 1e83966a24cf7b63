"""Run the tagger in the background of a bot process (the default for run and sandbox)."""

from __future__ import annotations

import asyncio
import logging
import os
import socket

from bot.services.tagging import TaggingService

log = logging.getLogger(__name__)


def worker_name(prefix: str = "worker") -> str:
    return f"{prefix}-{socket.gethostname()}-{os.getpid()}"


async def tag_in_background(
    service: TaggingService, idle_seconds: float = 2.0, batch: int = 64
) -> None:
    """Tag waiting answers forever; cancel the task to stop. Errors are logged, not raised."""
    while True:
        try:
            tagged = await asyncio.to_thread(service.run_once, batch)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("tagging.failed")
            tagged = 0
        if not tagged:
            await asyncio.sleep(idle_seconds)

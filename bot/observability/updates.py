"""One update, observed: its log context while it is handled, then its count and latency."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.observability.log_context import log_pseudonym, update_context
from bot.observability.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass
class Handling:
    """Set `failed` when Copro could not handle the update (it apologised instead)."""

    failed: bool = False


@contextmanager
def observe_update(
    metrics: Metrics, secret_key: str, kind: str, update_id: int, user_id: int
) -> Iterator[Handling]:
    seen = Handling()
    started = time.perf_counter()
    with update_context(update_id, log_pseudonym(secret_key, user_id)):
        try:
            yield seen
        except BaseException:
            seen.failed = True
            raise
        finally:
            seconds = time.perf_counter() - started
            metrics.update_handled(kind, seen.failed, seconds)
            log.info("update.handled", extra={"kind": kind, "failed": seen.failed,
                                              "ms": round(seconds * 1000, 1)})

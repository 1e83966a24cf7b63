"""Broadcast sending: drain the outbox at the broadcast rate, and report its progress."""

from __future__ import annotations

from bot.broadcast.drainer import DrainPolicy, DrainStats, OutboxDrainer, run_outbox
from bot.broadcast.progress import Counts, Progress, broadcast_progress, progress_text
from bot.broadcast.recovery import INTERRUPTED, requeue_interrupted, settle_interrupted

__all__ = [
    "INTERRUPTED",
    "Counts",
    "DrainPolicy",
    "DrainStats",
    "OutboxDrainer",
    "Progress",
    "broadcast_progress",
    "progress_text",
    "requeue_interrupted",
    "run_outbox",
    "settle_interrupted",
]

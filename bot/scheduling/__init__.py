"""Rounds over time: open, remind, close, on schedule; one scheduler per deployment."""

from __future__ import annotations

from bot.scheduling.plan import DueReport, RoundPlanner, Wakeup
from bot.scheduling.rounds import (
    RoundChange,
    RoundLifecycle,
    RoundNotFound,
    RoundNotReady,
    RoundRules,
)
from bot.scheduling.scheduler import RoundScheduler, SchedulerHost, start_in_process
from bot.scheduling.times import LocalTimeInvalid, QuietHours, parse_local

__all__ = [
    "DueReport",
    "LocalTimeInvalid",
    "QuietHours",
    "RoundChange",
    "RoundLifecycle",
    "RoundNotFound",
    "RoundNotReady",
    "RoundPlanner",
    "RoundRules",
    "RoundScheduler",
    "SchedulerHost",
    "Wakeup",
    "parse_local",
    "start_in_process",
]

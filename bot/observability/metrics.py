"""Copro's Prometheus metrics, in a registry of their own per App (tests never share them).

Counters move where things happen (the chat runtime, the Bot API wrapper, the chat
handler); the outbox depth and tagging backlog are read from the database at scrape time.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.engine.events import AnswerRecorded

log = logging.getLogger(__name__)
UPDATE_KINDS = ("message", "tap")
FAILURE_REASONS = ("rate_limited", "forbidden", "bad_request", "unavailable", "parked")
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
disable_created_metrics()  # the *_created series only double a scrape's size


@dataclass(frozen=True)
class QueueDepths:
    """What waits in the database: unsent outbox rows and answers not tagged yet."""

    outbox: int | None
    tagging: int | None


DepthSource = Callable[[], QueueDepths | None]


class Metrics:
    """The counters and histogram of one process, and the gauges read at scrape time."""

    def __init__(self, depths: DepthSource | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter("copro_updates_handled", "Updates handled, by kind and outcome.",
                               ["kind", "outcome"], registry=r)
        self.answers = Counter("copro_answers_stored", "Answers stored.", registry=r)
        self.replies = Counter("copro_replies_sent", "Bot API calls that reached Telegram.",
                               ["method"], registry=r)
        self.send_failures = Counter("copro_send_failures", "Bot API calls that failed.",
                                     ["reason"], registry=r)
        self.handler_seconds = Histogram("copro_handler_seconds",
                                         "Seconds from an update's arrival to its last reply.",
                                         ["kind"], buckets=LATENCY_BUCKETS, registry=r)
        for kind in UPDATE_KINDS:  # every series exists from the start, at zero
            for outcome in ("ok", "failed"):
                self.updates.labels(kind=kind, outcome=outcome)
        for reason in FAILURE_REASONS:
            self.send_failures.labels(reason=reason)
        if depths is not None:
            r.register(_DepthCollector(depths))

    def update_handled(self, kind: str, failed: bool, seconds: float) -> None:
        self.updates.labels(kind=kind, outcome="failed" if failed else "ok").inc()
        self.handler_seconds.labels(kind=kind).observe(seconds)

    def answers_stored(self, events: Iterable[object]) -> None:
        """Count the answers among a handled step's events (each was stored with it)."""
        count = sum(isinstance(event, AnswerRecorded) for event in events)
        if count:
            self.answers.inc(count)

    def reply_sent(self, method: str) -> None:
        self.replies.labels(method=method).inc()

    def send_failed(self, reason: str) -> None:
        self.send_failures.labels(reason=reason).inc()

    def exposition(self) -> bytes:
        """The Prometheus text format (reads the database for the gauges: call in a thread)."""
        return generate_latest(self.registry)


class _DepthCollector(Collector):
    def __init__(self, depths: DepthSource) -> None:
        self._depths = depths

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(())  # computed at scrape time: nothing to check at registration

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            found = self._depths()
        except Exception:  # a scrape must not fail because the database is away
            log.warning("metrics.depths_unavailable", exc_info=True)
            found = None
        outbox = found.outbox if found is not None else None
        tagging = found.tagging if found is not None else None
        yield GaugeMetricFamily("copro_outbox_depth", "Outbox messages not sent yet.",
                                value=math.nan if outbox is None else outbox)
        yield GaugeMetricFamily("copro_tagging_backlog", "Answers waiting to be tagged.",
                                value=math.nan if tagging is None else tagging)

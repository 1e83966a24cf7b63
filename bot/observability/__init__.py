"""Telling operators how Copro is doing: /healthz, /metrics, and log context per update."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.observability.metrics import Metrics


def metrics_for(app: Any) -> Metrics:
    """Fresh metrics for an App, their gauges read from its database."""
    # Imported here: logging setup imports this package, and must stay light.
    from bot.observability.health import HealthProbe
    from bot.observability.metrics import Metrics

    return Metrics(depths=HealthProbe(app).depths)

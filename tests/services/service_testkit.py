"""Shared by the service tests: paths and a clock the test moves by hand."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "config" / "consultations").glob("*.yaml"))


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

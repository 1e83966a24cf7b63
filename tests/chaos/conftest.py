"""Fixtures for the resilience tests: a lab that kills every process it started."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chaos_testkit import Lab


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    """Starts real processes; kills them all at the end and prints their logs' tails."""
    started = Lab(tmp_path)
    try:
        yield started
    finally:
        started.close()

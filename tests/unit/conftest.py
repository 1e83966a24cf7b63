"""The consultations the engine tests play through."""

from __future__ import annotations

import pytest
from engine_play import shipped

from bot.engine.model import Consultation


@pytest.fixture(scope="session")
def park() -> Consultation:
    """Victoria Park: English and Welsh, residents and workers, no dates on round 1."""
    return shipped("victoria-park")


@pytest.fixture(scope="session")
def library() -> Consultation:
    """Library services: three roles; round 2 has dates."""
    return shipped("library-services")

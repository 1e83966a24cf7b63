"""An App wired to a fresh database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from service_testkit import SHIPPED, FrozenClock

from bot.bootstrap import App
from bot.consultations import load_file
from bot.services.consultations import import_consultation
from config.settings import Settings
from tests.support.scratch import scratch_schema
from tests.support.telegram_fixtures import require_test_postgres

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'copro.db'}"
        return
    with scratch_schema(require_test_postgres(), "t") as url:
        yield url


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


@pytest.fixture
def app(database_url: str, clock: FrozenClock) -> Iterator[App]:
    application = App(Settings(database_url=database_url, secret_key="test-key"), clock=clock)
    application.migrate()
    for path in SHIPPED:
        loaded = load_file(path, application.settings.zone)
        with application.unit_of_work() as uow:
            import_consultation(uow, loaded, clock(), open_now=True)
            uow.commit()
    yield application
    application.database.dispose()

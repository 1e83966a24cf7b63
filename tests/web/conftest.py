"""A web channel on a fresh SQLite database with the shipped consultations, and a client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from web_clock import FrozenClock

from bot.bootstrap import App
from bot.consultations import load_file
from bot.services.consultations import import_consultation
from bot.web.server import make_web_app
from config.settings import Settings

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "config" / "consultations").glob("*.yaml"))


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


@pytest.fixture
def app(tmp_path: Path, clock: FrozenClock) -> Iterator[App]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'copro.db'}",
        secret_key="web-test-key",
        public_url="http://127.0.0.1:8000",
    )
    application = App(settings, clock=clock)
    application.migrate()
    for path in SHIPPED:
        loaded = load_file(path, settings.zone)
        with application.unit_of_work() as uow:
            import_consultation(uow, loaded, clock(), open_now=True)
            uow.commit()
    yield application
    application.database.dispose()


@pytest.fixture
async def client(app: App) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(make_web_app(app.web))) as test_client:
        yield test_client

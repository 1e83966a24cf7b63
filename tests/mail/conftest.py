"""E-mail notices end to end: an App (SQLite always, PostgreSQL when COPRO_TEST_DATABASE_URL
is set) whose COPRO_SMTP_URL points at a real SMTP server (aiosmtpd) on 127.0.0.1, the web
channel to leave an address on, and the mail drainer to send."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from mailkit import SmtpServer, mail_app

from bot.bootstrap import App
from bot.web.server import make_web_app
from tests.scheduling.scheduling_testkit import FrozenClock, postgres_url_in_new_schema, utc


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'copro.db'}"
        return
    yield from postgres_url_in_new_schema()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(utc(2027, 3, 10, 10, 0))


@pytest.fixture
def app(database_url: str, clock: FrozenClock, smtp: SmtpServer) -> Iterator[App]:
    application = mail_app(database_url, clock, smtp.url)
    yield application
    application.database.dispose()


@pytest.fixture
async def client(app: App) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(make_web_app(app.web))) as test_client:
        yield test_client

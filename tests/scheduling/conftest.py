"""An App on a fresh database (SQLite always, PostgreSQL when COPRO_TEST_DATABASE_URL is set),
with a clock the test moves by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scheduling_testkit import FrozenClock, make_app, postgres_url_in_new_schema, utc

from bot.bootstrap import App

PG_ENV = "COPRO_TEST_DATABASE_URL"


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
def app(database_url: str, clock: FrozenClock) -> Iterator[App]:
    application = make_app(database_url, clock)
    yield application
    application.database.dispose()

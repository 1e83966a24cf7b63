"""An App on a fresh database (SQLite always, PostgreSQL when COPRO_TEST_DATABASE_URL is set),
with a clock the test moves by hand."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from scheduling_testkit import FrozenClock, utc
from sqlalchemy import create_engine, text

from bot.bootstrap import App
from config.settings import Settings

PG_ENV = "COPRO_TEST_DATABASE_URL"


def postgres_url_in_new_schema() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"sched_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'copro.db'}"
        return
    yield from postgres_url_in_new_schema()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(utc(2027, 3, 10, 10, 0))


def make_app(database_url: str, clock: FrozenClock, **settings: object) -> App:
    values: dict[str, object] = {"database_url": database_url, "secret_key": "test-key",
                                 "timezone": "Europe/London", "quiet_hours_start": 21,
                                 "quiet_hours_end": 8, "reminders_per_round": 2}
    values.update(settings)
    application = App(Settings(**values), clock=clock)  # type: ignore[arg-type]
    application.migrate()
    return application


@pytest.fixture
def app(database_url: str, clock: FrozenClock) -> Iterator[App]:
    application = make_app(database_url, clock)
    yield application
    application.database.dispose()

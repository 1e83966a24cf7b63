"""One answered consultation per database backend, built once per test run."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from results_testkit import DISCOVER_TIME, SHIPPED, answer_everything
from sqlalchemy import create_engine, text

from bot.bootstrap import App
from bot.consultations import load_file
from bot.services.consultations import import_consultation
from config.settings import Settings

BACKENDS = ["sqlite", "postgresql"]


class Clock:
    def __init__(self) -> None:
        self.now = DISCOVER_TIME

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


@pytest.fixture(scope="session", params=BACKENDS)
def results_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('results') / 'copro.db'}"
        return
    base = os.environ.get("COPRO_TEST_DATABASE_URL")
    if not base:
        pytest.skip("COPRO_TEST_DATABASE_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def make_app(database_url: str, clock: Clock) -> App:
    application = App(Settings(database_url=database_url, secret_key="test-key"), clock=clock)
    application.migrate()
    for path in SHIPPED:
        loaded = load_file(path, application.settings.zone)
        with application.unit_of_work() as uow:
            import_consultation(uow, loaded, clock())
            uow.commit()
    return application


@pytest.fixture(scope="session")
def answered(results_database_url: str) -> Iterator[App]:
    """Victoria Park with both rounds answered (see results_testkit)."""
    clock = Clock()
    application = make_app(results_database_url, clock)
    answer_everything(application, clock)
    yield application
    application.database.dispose()

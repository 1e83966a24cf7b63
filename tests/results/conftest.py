"""One answered consultation per database backend, built once per test run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from results_testkit import DISCOVER_TIME, SHIPPED, answer_everything

from bot.bootstrap import App
from bot.consultations import load_file
from bot.services.consultations import import_consultation
from config.settings import Settings
from tests.support.scratch import scratch_schema
from tests.support.telegram_fixtures import require_test_postgres

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
    with scratch_schema(require_test_postgres(), "t") as url:
        yield url


def make_app(database_url: str, clock: Clock) -> App:
    application = App(Settings(database_url=database_url, secret_key="test-key"), clock=clock)
    application.migrate()
    for path in SHIPPED:
        loaded = load_file(path, application.settings.zone)
        with application.unit_of_work() as uow:
            import_consultation(uow, loaded, clock(), open_now=True)
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

"""Each security test gets a migrated database: SQLite always, PostgreSQL when configured.

PostgreSQL (COPRO_TEST_DATABASE_URL) uses a schema of its own for the session, emptied
before each test, so the tests never touch other data in that database.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from security_testkit import SECRET_KEY, SHIPPED, Clock, FixedSecrets, UowFactory
from sqlalchemy import Engine, create_engine, text

from bot.consultations import load_file
from bot.services.admin import AdminService
from bot.services.consultations import import_consultation
from bot.services.roles import RoleService
from storage import SqlUnitOfWork, make_engine, metadata, upgrade
from tests.support.scratch import scratch_schema
from tests.support.telegram_fixtures import require_test_postgres

PG_URL_ENV = "COPRO_TEST_DATABASE_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("security-template") / "copro.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with scratch_schema(require_test_postgres(), "copro_security") as url:
        upgrade(url)
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, tmp_path / "copro.db")
        return f"sqlite:///{tmp_path / 'copro.db'}"
    url: str = request.getfixturevalue("postgres_url")
    tables = ", ".join(table.name for table in metadata.sorted_tables)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def new_uow(engine: Engine) -> UowFactory:
    return lambda: SqlUnitOfWork(engine)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def secrets() -> FixedSecrets:
    return FixedSecrets()


@pytest.fixture
def admins(new_uow: UowFactory, secrets: FixedSecrets) -> AdminService:
    return AdminService(new_uow, SECRET_KEY, new_secret=secrets)


@pytest.fixture
def roles(new_uow: UowFactory) -> RoleService:
    return RoleService(new_uow)


@pytest.fixture
def consultations(new_uow: UowFactory, clock: Clock) -> dict[str, int]:
    """The shipped consultations, imported; slug to id."""
    zone = ZoneInfo("Europe/London")
    ids = {}
    for path in SHIPPED:
        loaded = load_file(path, zone)
        with new_uow() as uow:
            ids[loaded.consultation.slug] = import_consultation(uow, loaded, clock(), open_now=True)
            uow.commit()
    return ids

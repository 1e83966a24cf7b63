"""Fixtures for storage tests: each test gets a migrated database, SQLite and PostgreSQL.

SQLite always runs (a file in a temporary folder). PostgreSQL runs when
COPRO_TEST_DATABASE_URL is set; the tests then work in a schema of their own, created for
the session and dropped at its end, so they never touch other data in that database.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from storage_testkit import (
    BACKENDS,
    PostgresSchemas,
    Seed,
    UowFactory,
    definition_of,
    make_consultation,
    postgres_admin_url,
    url_in_schema,
)

from storage import SqlUnitOfWork, make_engine, metadata, upgrade


@pytest.fixture(scope="session")
def postgres_schemas() -> Iterator[PostgresSchemas]:
    schemas = PostgresSchemas(postgres_admin_url())
    yield schemas
    schemas.close()


@pytest.fixture(scope="session")
def postgres_url(postgres_schemas: PostgresSchemas) -> Iterator[str]:
    """A migrated schema shared by the PostgreSQL tests (emptied before each test)."""
    schema = postgres_schemas.create()
    url = url_in_schema(postgres_admin_url(), schema)
    upgrade(url)
    yield url
    postgres_schemas.drop(schema)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "copro.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated database for this test."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "copro.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
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
def uow(engine: Engine) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine)


@pytest.fixture
def seed(uow: SqlUnitOfWork) -> Seed:
    consultation = make_consultation()
    with uow:
        row = uow.consultations.save(consultation, definition_of(consultation))
        assert row.id is not None
        round_row = uow.consultations.round(row.id, "discover")
        assert round_row is not None and round_row.id is not None
        alice = uow.participants.get_or_create(Seed.alice_user_id)
        bob = uow.participants.get_or_create(Seed.bob_user_id, "cy")
        assert alice.id is not None and bob.id is not None
        for person in (alice.id, bob.id):
            uow.participants.enrol(person, row.id, role="resident", language="en")
        seed = Seed(
            row.id, round_row.id, uow.consultations.question_ids(round_row.id), alice.id, bob.id
        )
        uow.commit()
    return seed


@pytest.fixture
def new_uow(engine: Engine) -> UowFactory:
    """Make independent units of work (one per thread in concurrency tests)."""
    return lambda: SqlUnitOfWork(engine)

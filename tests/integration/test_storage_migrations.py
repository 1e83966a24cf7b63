"""Migrations create the database from nothing, and the result matches the models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from storage_testkit import BACKENDS, PostgresSchemas, postgres_admin_url, url_in_schema

from storage import current_revision, head_revision, make_engine, schema_differences, upgrade


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database that does not exist yet (SQLite) or an empty schema (PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new' / 'folder' / 'copro.db'}"
        return
    schemas: PostgresSchemas = request.getfixturevalue("postgres_schemas")
    schema = schemas.create()
    yield url_in_schema(postgres_admin_url(), schema)
    schemas.drop(schema)


def test_the_first_upgrade_creates_the_database(empty_url: str) -> None:
    assert current_revision(empty_url) is None

    upgrade(empty_url)

    assert current_revision(empty_url) == head_revision() is not None


def test_the_migrated_schema_matches_the_models(empty_url: str) -> None:
    upgrade(empty_url)

    assert schema_differences(empty_url) == []


def test_a_schema_that_drifted_from_the_models_is_reported(empty_url: str) -> None:
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_answer_round_id"))
    engine.dispose()

    differences = schema_differences(empty_url)

    assert [d[0] for d in differences] == ["add_index"]


def test_upgrading_twice_is_harmless(empty_url: str) -> None:
    upgrade(empty_url)
    upgrade(empty_url)

    assert current_revision(empty_url) == head_revision()


def test_a_missing_sqlite_file_has_no_revision_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"

    assert current_revision(f"sqlite:///{path}") is None
    assert not path.exists()

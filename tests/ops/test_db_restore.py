"""`copro db restore FILE`: put a backup back, keeping what was there, refusing bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from ops_testkit import answered_database, copro, count_rows, sqlite_url, take_part

from storage import current_revision, head_revision, upgrade


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "copro.db"
    answered_database(path, residents=2)
    return path


def test_a_restore_brings_the_backed_up_answers_back_and_keeps_a_safety_copy(
    live: Path, tmp_path: Path
) -> None:
    env = {"COPRO_DATABASE_URL": sqlite_url(live)}
    backup = tmp_path / "monday.db"
    assert copro(["db", "backup", str(backup)], env).exit_code == 0
    backed_up = count_rows(live, "answer")
    application = answered_database(live, residents=0)
    take_part(application, 7_100_000_000)  # a third resident answers after the backup
    after = count_rows(live, "answer")
    assert after > backed_up
    reader = sqlite3.connect(live)  # a process that holds the database open throughout
    assert reader.execute("SELECT count(*) FROM answer").fetchone()[0] == after

    result = copro(["db", "restore", str(backup), "--yes"], env)

    assert result.exit_code == 0, result.output
    assert count_rows(live, "answer") == backed_up
    assert reader.execute("SELECT count(*) FROM answer").fetchone()[0] == backed_up
    reader.close()
    [safety] = tmp_path.glob("copro.db.before-restore-*")
    assert count_rows(safety, "answer") == after
    assert str(safety) in result.output
    assert "Restart the bot" in result.output


def test_a_restore_asks_first_and_changes_nothing_without_a_yes(
    live: Path, tmp_path: Path
) -> None:
    env = {"COPRO_DATABASE_URL": sqlite_url(live)}
    backup = tmp_path / "monday.db"
    assert copro(["db", "backup", str(backup)], env).exit_code == 0
    before = live.read_bytes()

    result = copro(["db", "restore", str(backup)], env)  # no terminal to answer on

    assert result.exit_code == 1
    assert "--yes" in result.output
    assert live.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*"))


@pytest.mark.parametrize(
    ("make_file", "says"),
    [
        (lambda p: p.write_text("id,answer\n1,more bins\n"), "is not a SQLite database"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (x)").connection.commit(),
         "not a Copro database"),
        (lambda p: _copro_file_at(p, "0099"), "which this Copro does not know"),
    ],
    ids=["a text file", "another program's SQLite file", "a newer Copro's database"],
)
def test_a_restore_refuses_a_file_that_is_not_a_copro_database_and_changes_nothing(
    live: Path, tmp_path: Path, make_file: object, says: str
) -> None:
    candidate = tmp_path / "candidate.db"
    make_file(candidate)  # type: ignore[operator]
    before = live.read_bytes()

    result = copro(["db", "restore", str(candidate), "--yes"],
                   {"COPRO_DATABASE_URL": sqlite_url(live)})

    assert result.exit_code == 1
    assert says in result.output
    assert "Nothing was changed" in result.output
    assert live.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_a_backup_from_an_older_copro_is_restored_and_upgraded(
    live: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    upgrade(sqlite_url(old), "0003")

    result = copro(["db", "restore", str(old), "--yes"], {"COPRO_DATABASE_URL": sqlite_url(live)})

    assert result.exit_code == 0, result.output
    assert "revision 0003; upgrading it" in result.output
    assert current_revision(sqlite_url(live)) == head_revision()
    assert count_rows(live, "answer") == 0


def test_a_restore_on_postgresql_is_refused_with_the_pg_restore_command(tmp_path: Path) -> None:
    backup = tmp_path / "monday.db"
    answered_database(backup, residents=0)
    url = "postgresql+psycopg://copro:hunter2-secret@db.council.example/copro"

    result = copro(["db", "restore", str(backup), "--yes"], {"COPRO_DATABASE_URL": url})

    assert result.exit_code == 2
    assert "pg_restore --clean --if-exists -h db.council.example -U copro -d copro" \
        in result.output
    assert "psql -h db.council.example -U copro -d copro -f copro.sql" in result.output
    assert "hunter2" not in result.output


def _copro_file_at(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))

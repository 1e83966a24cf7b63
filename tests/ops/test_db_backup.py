"""`copro db backup FILE`: a consistent copy of the SQLite database, even mid-write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ops_testkit import answered_database, copro, count_rows, sqlite_url

from storage import head_revision


def test_a_backup_taken_while_a_writer_is_mid_transaction_holds_the_committed_answers(
    tmp_path: Path,
) -> None:
    live = tmp_path / "copro.db"
    answered_database(live, residents=2)
    answers = count_rows(live, "answer")
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM answer")  # not committed while the backup runs
    try:
        result = copro(["db", "backup", str(tmp_path / "copy.db")],
                       {"COPRO_DATABASE_URL": sqlite_url(live)})
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    assert f"{answers} answers" in result.output
    assert "2 consultations, 2 participants" in result.output
    assert f"revision {head_revision()}" in result.output  # the copy is at the latest schema
    assert count_rows(tmp_path / "copy.db", "answer") == answers
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_backup_is_one_file_with_no_temporary_file_left_beside_it(tmp_path: Path) -> None:
    live = tmp_path / "live" / "copro.db"
    answered_database(live, residents=1)
    (tmp_path / "backups").mkdir()
    result = copro(["db", "backup", str(tmp_path / "backups" / "copy.db")],
                   {"COPRO_DATABASE_URL": sqlite_url(live)})
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == ["copy.db"]


def test_a_backup_refuses_to_overwrite_a_file_unless_forced(tmp_path: Path) -> None:
    live = tmp_path / "copro.db"
    answered_database(live, residents=1)
    target = tmp_path / "copy.db"
    target.write_text("last week's backup")
    env = {"COPRO_DATABASE_URL": sqlite_url(live)}

    refused = copro(["db", "backup", str(target)], env)
    assert refused.exit_code == 1
    assert "exists already" in refused.output and "--force" in refused.output
    assert target.read_text() == "last week's backup"

    forced = copro(["db", "backup", str(target), "--force"], env)
    assert forced.exit_code == 0, forced.output
    assert count_rows(target, "answer") == count_rows(live, "answer")


def test_a_backup_of_postgresql_is_refused_with_the_pg_dump_command_and_no_password() -> None:
    url = "postgresql+psycopg://copro:hunter2-secret@db.council.example:5433/copro"
    result = copro(["db", "backup", "copy.db"], {"COPRO_DATABASE_URL": url})
    assert result.exit_code == 2
    assert "pg_dump -Fc -h db.council.example -p 5433 -U copro -d copro -f copro.dump" \
        in result.output
    assert "hunter2" not in result.output
    assert not Path("copy.db").exists()


def test_a_backup_of_a_database_that_does_not_exist_says_so(tmp_path: Path) -> None:
    result = copro(["db", "backup", str(tmp_path / "copy.db")],
                   {"COPRO_DATABASE_URL": sqlite_url(tmp_path / "none.db")})
    assert result.exit_code == 1
    assert "no database" in result.output
    assert not (tmp_path / "none.db").exists()


def test_a_backup_over_the_database_itself_is_refused_even_with_force(tmp_path: Path) -> None:
    live = tmp_path / "copro.db"
    answered_database(live, residents=1)
    before = live.read_bytes()
    result = copro(["db", "backup", str(live), "--force"], {"COPRO_DATABASE_URL": sqlite_url(live)})
    assert result.exit_code == 1
    assert "is the database itself" in result.output
    assert live.read_bytes() == before

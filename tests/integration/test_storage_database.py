"""The engine: SQLite settings, serialised writers, and timezone-aware times everywhere."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from storage_testkit import Seed

from storage import SqlUnitOfWork, make_engine, upgrade


def test_a_sqlite_url_creates_the_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "copro.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    engine.dispose()

    assert path.exists()


def test_sqlite_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'copro.db'}")
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    engine.dispose()

    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30_000}


def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'copro.db'}"
    upgrade(url)
    engine = make_engine(url)

    with pytest.raises(Exception, match="FOREIGN KEY"), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO enrolment (participant_id, consultation_id, role, language,"
                " joined_at, reminders_muted) VALUES (99, 99, 'r', 'en', '2026-01-01', 0)"
            )
        )
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_two_sqlite_writers_that_read_first_never_lose_an_update(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO outbox (chat_id, kind, payload, status, attempts, created_at)"
                " VALUES (1, 'k', '{}', 'pending', 0, '2026-01-01 00:00:00')"
            )
        )

    def increment() -> None:
        with engine.begin() as connection:
            attempts = connection.execute(text("SELECT attempts FROM outbox")).scalar_one()
            time.sleep(0.1)  # the other writer gets every chance to interleave
            connection.execute(text("UPDATE outbox SET attempts = :n"), {"n": attempts + 1})

    threads = [threading.Thread(target=increment) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with engine.connect() as connection:
        assert connection.execute(text("SELECT attempts FROM outbox")).scalar_one() == 2


def test_times_come_back_aware_and_in_utc(uow: SqlUnitOfWork, seed: Seed) -> None:
    paris = timezone(timedelta(hours=1))
    at = datetime(2026, 12, 2, 10, 30, 15, 123456, tzinfo=paris)
    with uow:
        uow.answers.put(
            seed.alice, seed.round_id, seed.questions["visits"], "daily", answered_at=at
        )
        uow.commit()

    with uow:
        answer = uow.answers.get(seed.alice, seed.questions["visits"])
        rounds = uow.consultations.rounds(seed.consultation_id)

    assert answer is not None
    assert answer.answered_at == at
    assert answer.answered_at.tzinfo == UTC
    assert rounds[0].opens_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert rounds[0].opens_at.tzinfo == UTC


def test_a_naive_time_is_refused(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow, pytest.raises(Exception, match="timezone-aware"):
        uow.answers.put(
            seed.alice,
            seed.round_id,
            seed.questions["visits"],
            "daily",
            answered_at=datetime(2026, 12, 2, 10, 30),
        )

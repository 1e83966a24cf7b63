"""Finding 14: processed update ids are pruned by the retention job, their times rounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from security_testkit import SECRET_KEY, UowFactory
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.bootstrap import App
from config.settings import Settings
from storage.tables import ProcessedUpdateRow

NOW = datetime(2026, 12, 3, 10, 17, 42, 123456, tzinfo=UTC)


def stored_times(engine: Engine) -> dict[int, datetime]:
    with Session(engine) as session:
        rows = session.exec(select(ProcessedUpdateRow)).all()
        return {row.update_id: as_utc(row.processed_at) for row in rows}


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def test_finding14_a_processed_update_is_stored_to_the_minute(
    new_uow: UowFactory, engine: Engine
) -> None:
    with new_uow() as uow:
        uow.updates.mark(1, at=NOW)
        uow.commit()
    assert stored_times(engine) == {1: datetime(2026, 12, 3, 10, 17, tzinfo=UTC)}


def test_finding14_the_retention_job_prunes_processed_updates(
    new_uow: UowFactory, engine: Engine, database_url: str
) -> None:
    with new_uow() as uow:
        uow.updates.mark(1, at=NOW - timedelta(days=30))
        uow.updates.mark(2, at=NOW - timedelta(days=3))
        uow.updates.mark(3, at=NOW - timedelta(hours=20))  # Telegram may still resend it
        uow.commit()

    app = App(Settings(database_url=database_url, secret_key=SECRET_KEY), clock=lambda: NOW)
    app.run_retention(NOW)
    app.database.dispose()

    assert set(stored_times(engine)) == {3}
    with new_uow() as uow:
        assert uow.updates.seen(3) and not uow.updates.seen(1)

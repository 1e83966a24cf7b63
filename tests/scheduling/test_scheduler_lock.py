"""Exactly one scheduler: the lock, a second copy waiting (or leaving), and a takeover."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from scheduling_testkit import FrozenClock, make_app, postgres_url_in_new_schema, utc
from sqlalchemy import create_engine, text

from bot.bootstrap import App
from bot.scheduling import SchedulerHost
from storage.locking import FileLock, PostgresAdvisoryLock, scheduler_lock
from tests.support.keys import TEST_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]


async def _eventually(condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the condition never held")


def test_on_sqlite_a_lock_file_beside_the_database_admits_one(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'copro.db'}", FrozenClock(utc(2027, 3, 1)))
    first, second = scheduler_lock(app.database), scheduler_lock(app.database)
    assert isinstance(first, FileLock) and first.path == tmp_path / "copro.db.scheduler-lock"
    assert first.acquire() is True
    assert second.acquire() is False
    first.release()
    assert second.acquire() is True
    second.release()


async def test_a_second_scheduler_told_not_to_wait_leaves_politely(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'copro.db'}", FrozenClock(utc(2027, 3, 1)))
    leader = SchedulerHost(app, heartbeat_seconds=0.1)
    await leader.start()
    try:
        await asyncio.wait_for(leader.leading.wait(), 5)
        assert await SchedulerHost(app, wait=False).run() is False
    finally:
        await leader.stop()
    assert leader.leading.is_set() is False


@pytest.fixture
def pg_app(tmp_path: Path) -> Iterator[App]:
    for url in postgres_url_in_new_schema():
        app = make_app(url, FrozenClock(utc(2027, 3, 1)))
        yield app
        app.database.dispose()


@pytest.mark.postgres
def test_on_postgresql_two_connections_and_only_one_gets_the_advisory_lock(pg_app: App) -> None:
    first, second = PostgresAdvisoryLock(pg_app.database), PostgresAdvisoryLock(pg_app.database)
    try:
        assert first.acquire() is True
        assert second.acquire() is False
        assert first.alive() is True
        first.release()
        assert second.acquire() is True
    finally:
        first.release()
        second.release()


@pytest.mark.postgres
async def test_on_postgresql_one_scheduler_leads_again_after_the_leader_loses_its_lock(
    pg_app: App,
) -> None:
    options = {"retry_seconds": 0.1, "heartbeat_seconds": 0.1}
    leader = SchedulerHost(pg_app, **options)
    standby = SchedulerHost(pg_app, **options)
    await leader.start()
    await asyncio.wait_for(leader.leading.wait(), 5)
    await standby.start()
    try:
        await asyncio.sleep(0.5)
        assert not standby.leading.is_set()
        # the leader's connection dies (a network cut, a crash): PostgreSQL frees the lock
        key = leader.lock.key  # type: ignore[attr-defined]
        admin = create_engine(os.environ["COPRO_TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_locks "
                     "WHERE locktype = 'advisory' AND objid = :key"),
                {"key": key},
            )
        admin.dispose()
        # the leader notices at its next heartbeat and steps down; then exactly one of the
        # two takes the lock again (whichever asks first)
        await _eventually(lambda: leader.terms + standby.terms == 2)
        await _eventually(lambda: leader.leading.is_set() != standby.leading.is_set())
        first, second = (leader, standby) if leader.leading.is_set() else (standby, leader)
        await first.stop()  # and when that one stops, the other takes over
        await _eventually(lambda: second.leading.is_set())
    finally:
        await standby.stop()
        await leader.stop()


@pytest.mark.postgres
def test_copro_scheduler_in_a_second_process_exits_politely_while_one_runs(pg_app: App) -> None:
    holder = PostgresAdvisoryLock(pg_app.database)
    assert holder.acquire()
    script = textwrap.dedent(
        """
        import typer
        from bot.cli.scheduler_commands import scheduler
        app = typer.Typer()
        app.command()(scheduler)
        app(["--no-wait", "--no-outbox"])
        """
    )
    url = pg_app.database.url.render_as_string(hide_password=False)
    env = {**os.environ, "COPRO_DATABASE_URL": url, "COPRO_BOT_TOKEN": "",
           "COPRO_SECRET_KEY": TEST_SECRET_KEY}
    try:
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
    finally:
        holder.release()
    assert done.returncode == 0, done.stderr
    assert "Another copro scheduler is running" in done.stdout

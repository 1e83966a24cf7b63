"""/healthz: 200 while the database answers, 503 when it does not; the scheduler and the
queues are reported, not reasons to restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from observability_testkit import HTTP, health, make_app, postgres_schema, scrape

from bot.bootstrap import App
from bot.observability.ops_server import start_ops_server
from bot.scheduling import SchedulerHost

LEAD_TIMEOUT = 20.0


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'copro.db'}"
        return
    with postgres_schema() as url:
        yield url


async def serve(app: App) -> AsyncIterator[tuple[aiohttp.ClientSession, str]]:
    runner, url = await start_ops_server(app, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession(timeout=HTTP) as http:
            yield http, url
    finally:
        await runner.cleanup()
        app.database.dispose()


async def test_healthz_reports_the_database_the_scheduler_and_what_waits_on_sqlite(
    tmp_path: Path,
) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'copro.db'}")
    app.migrate()
    with app.unit_of_work() as uow:
        uow.outbox.enqueue(42, "reply", {"text": "hello"})
        uow.outbox.enqueue(43, "reply", {"text": "sent already"})
        sent = uow.outbox.claim_due(10)[-1]
        uow.outbox.mark_sent(sent.id or 0)
        uow.commit()
    async for http, url in serve(app):
        status, body = await health(http, url)
        metrics = await scrape(http, url)
    assert status == 200
    assert body == {"status": "ok", "database": True, "scheduler_alive": False,
                    "outbox_depth": 1, "tagging_backlog": 0}
    assert metrics["copro_outbox_depth"] == 1


async def test_healthz_is_503_when_the_database_file_cannot_be_read(tmp_path: Path) -> None:
    broken = tmp_path / "copro.db"
    broken.write_bytes(b"not a database at all" * 100)
    async for http, url in serve(make_app(f"sqlite:///{broken}")):
        status, body = await health(http, url)
        metrics = await scrape(http, url)  # the scrape itself still works
    assert status == 503
    assert body["database"] is False and body["status"] == "unavailable"
    assert body["outbox_depth"] is None
    assert "copro_updates_handled_total" in "".join(metrics)


async def test_healthz_is_503_when_postgresql_is_not_listening() -> None:
    app = make_app("postgresql+psycopg://postgres@127.0.0.1:1/test")
    async for http, url in serve(app):
        status, body = await health(http, url)
    assert status == 503
    assert body["database"] is False


async def test_the_scheduler_is_alive_while_a_scheduler_host_holds_its_lock(
    database_url: str,
) -> None:
    app = make_app(database_url)
    app.migrate()
    async for http, url in serve(app):
        _, idle = await health(http, url)
        host = await SchedulerHost(app, wait=False).start()
        try:
            await asyncio.wait_for(host.leading.wait(), LEAD_TIMEOUT)
            status, leading = await health(http, url)
        finally:
            await host.stop()
        _, stopped = await health(http, url)
    assert idle["scheduler_alive"] is False
    assert status == 200 and leading["scheduler_alive"] is True
    assert stopped["scheduler_alive"] is False

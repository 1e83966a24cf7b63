"""Broadcasts through the sandbox with Telegram's limits on: all delivered, none twice,
429s honoured, a crash half-way resumed; blocked people marked unreachable."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from datetime import timedelta

import pytest
from broadcast_testkit import chat_sender, delivered, enrol_many, limited_sandbox, send_calls, until
from scheduling_testkit import SLUG, add_person, import_rounds, london, outbox

from bot.bootstrap import App
from bot.broadcast import INTERRUPTED, DrainPolicy, OutboxDrainer, broadcast_progress
from bot.sandbox import SandboxClient
from bot.scheduling import RoundLifecycle

OPENS = london(2027, 3, 15, 9, 0)
CLOSES = london(2027, 3, 29, 12, 0)
MANY = 5_000
FAST = 250.0  # the sandbox's overall limit is raised to this (per-chat limits stay on)


def _statuses(app: App) -> Counter[tuple[str, str | None]]:
    return Counter((row.status, row.last_error) for row in outbox(app))


def _unsettled(app: App) -> int:
    with app.unit_of_work() as uow:
        counts = uow.outbox.counts()
    return counts.get("pending", 0) + counts.get("sending", 0)


async def test_5000_notices_all_arrive_once_through_a_crash_and_429s(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES)
    users = range(100_001, 100_001 + MANY)
    enrol_many(app, users, clock.now)
    opened = RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)
    assert opened.queued == MANY
    started = time.monotonic()
    async with limited_sandbox(users, overall=FAST) as server, \
            chat_sender(app, server, overall=1000.0) as sender:
        async with SandboxClient(server.url) as client:
            await client.inject_fault("sendMessage", "retry_after", count=3, retry_after=1)
        policy = DrainPolicy(rate=FAST * 0.9, concurrency=16)

        first = OutboxDrainer(app.unit_of_work, sender, policy, app.clock)
        running = asyncio.create_task(first.run(asyncio.Event()))

        async def half_sent() -> bool:
            return first.stats.sent >= MANY // 2

        await until(half_sent, timeout=40)
        running.cancel()  # a crash, as far as the outbox can tell
        with contextlib.suppress(asyncio.CancelledError):
            await running
        in_flight_at_crash = len(first.abandoned)

        stop = asyncio.Event()
        resumed = OutboxDrainer(app.unit_of_work, sender,
                                DrainPolicy(rate=FAST * 0.9, stuck_after=timedelta(0)), app.clock)
        second = asyncio.create_task(resumed.run(stop))

        async def all_settled() -> bool:
            return _unsettled(app) == 0

        await until(all_settled, timeout=40, step=0.25)
        stop.set()
        await second
        elapsed = time.monotonic() - started

        got = delivered(server)
        assert max(got.values()) == 1, "somebody got the notice twice"
        rows = outbox(app)
        sent = {row.chat_id for row in rows if row.status == "sent"}
        interrupted = {row.chat_id for row in rows if row.last_error == INTERRUPTED}
        assert len(sent) + len(interrupted) == MANY
        assert sent <= set(got)  # every row marked sent really arrived
        assert set(got) - sent <= interrupted  # the rest arrived only if in flight at the crash
        assert len(interrupted) <= max(in_flight_at_crash, 1) <= policy.concurrency
        assert len(got) >= MANY - policy.concurrency

        calls = send_calls(server)
        limited = [c for c in calls if c["status"] == 429]
        assert len(limited) == 3  # the injected ones: the sandbox's own limits never tripped
        for refused in limited:
            chat = str(refused["params"]["chat_id"])
            later = [c for c in calls if str(c["params"]["chat_id"]) == chat
                     and c["at"] > refused["at"]]
            assert later and later[0]["at"] - refused["at"] >= 0.95  # waited retry_after
            assert later[0]["status"] == 200
        with app.unit_of_work() as uow:
            progress = broadcast_progress(uow, SLUG)
        assert progress.sent == len(sent) and progress.pending == 0
    assert elapsed < 60, f"took {elapsed:.1f} s"
    print(f"\n{MANY} notices in {elapsed:.1f} s; {len(interrupted)} in flight at the crash "
          f"({len(interrupted & set(got))} of them arrived), settled as interrupted")


async def test_a_blocked_person_is_marked_unreachable_and_not_retried(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES)
    for user in (7001, 7002, 7003):
        add_person(app, user, round_key="first", status="finished")
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)
    async with limited_sandbox(range(7001, 7004)) as server, \
            chat_sender(app, server) as sender:
        async with SandboxClient(server.url) as client:
            await client.block_bot(7002)
        stop = asyncio.Event()
        drainer = OutboxDrainer(app.unit_of_work, sender, DrainPolicy(rate=25), app.clock)
        task = asyncio.create_task(drainer.run(stop))

        async def settled() -> bool:
            return _unsettled(app) == 0

        await until(settled, timeout=10)
        stop.set()
        await task
        assert delivered(server) == {7001: 1, 7003: 1}
    by_chat = {row.chat_id: (row.status, row.last_error) for row in outbox(app)}
    assert by_chat[7002] == ("failed", "forbidden: blocked the bot")
    with app.unit_of_work() as uow:
        assert uow.participants.get(7002).reachable is False
    with app.unit_of_work() as uow:
        progress = broadcast_progress(uow, SLUG)
    assert (progress.sent, progress.pending, progress.failed) == (2, 0, 1)


async def test_a_message_telegram_keeps_refusing_goes_back_to_wait_then_is_sent(
    app: App, clock
) -> None:
    import_rounds(app, OPENS, CLOSES)
    add_person(app, 7001, round_key="first", status="finished")
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)
    async with limited_sandbox(range(7001, 7002)) as server, \
            chat_sender(app, server) as sender:
        sender.max_retries = 1  # two 429s in a row and the sender parks it
        async with SandboxClient(server.url) as client:
            await client.inject_fault("sendMessage", "retry_after", count=2, retry_after=1)
        stop = asyncio.Event()
        drainer = OutboxDrainer(app.unit_of_work, sender, DrainPolicy(rate=25), app.clock)
        task = asyncio.create_task(drainer.run(stop))

        async def parked() -> bool:
            return any(s == "pending" and e for s, e in _statuses(app))

        await until(parked, timeout=10)
        [row] = outbox(app)
        assert row.not_before == clock.now + timedelta(seconds=30) and row.attempts == 1
        assert delivered(server) == {}
        clock.now += timedelta(seconds=31)

        async def sent() -> bool:
            return _statuses(app) == Counter({("sent", None): 1})

        await until(sent, timeout=10)
        stop.set()
        await task
        assert delivered(server) == {7001: 1}


@pytest.mark.parametrize("payload", [{"do": "nonsense"}, {"chat_id": 1}])
async def test_an_unreadable_row_fails_without_stopping_the_drainer(
    app: App, clock, payload: dict
) -> None:
    with app.unit_of_work() as uow:
        uow.outbox.enqueue(7001, "reply", payload, "bad")
        uow.outbox.enqueue(7001, "reply", {"do": "send_text", "chat_id": 7001, "text": "hi",
                                           "keyboard": []}, "good")
        uow.commit()
    async with limited_sandbox(range(7001, 7002)) as server, chat_sender(app, server) as sender:
        stop = asyncio.Event()
        task = asyncio.create_task(
            OutboxDrainer(app.unit_of_work, sender, DrainPolicy(), app.clock).run(stop)
        )

        async def settled() -> bool:
            return _unsettled(app) == 0

        await until(settled, timeout=10)
        stop.set()
        await task
        assert delivered(server) == {7001: 1}
    statuses = {row.dedupe_key: row.status for row in outbox(app)}
    assert statuses == {"bad": "failed", "good": "sent"}

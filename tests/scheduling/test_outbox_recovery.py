"""Rows left "sending" by a drainer that died are possibly sent: settled, never resent on
their own; a drainer told to stop puts back what it had not started."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from scheduling_testkit import SLUG, add_person, import_rounds, london, outbox

from bot.bootstrap import App
from bot.broadcast import (
    INTERRUPTED,
    DrainPolicy,
    OutboxDrainer,
    broadcast_progress,
    requeue_interrupted,
    settle_interrupted,
)
from bot.broadcast.outbox_store import OutboxStore
from bot.scheduling import RoundLifecycle


def _open_for(app: App, clock, people: int) -> None:
    import_rounds(app, london(2027, 3, 15, 9), london(2027, 3, 29, 12))
    for user in range(3001, 3001 + people):
        add_person(app, user, round_key="first", status="finished")
    RoundLifecycle.from_app(app).open_round(SLUG, "second", clock.now)


def test_rows_stuck_sending_past_the_limit_are_settled_as_interrupted_not_resent(
    app: App, clock
) -> None:
    _open_for(app, clock, 3)
    OutboxStore(app.unit_of_work).claim(2, clock.now - timedelta(minutes=11))  # then died
    with app.unit_of_work() as uow:
        assert settle_interrupted(uow, clock.now, timedelta(minutes=10)) == 2
        uow.commit()
    assert [(r.status, r.last_error) for r in outbox(app)] == [
        ("failed", INTERRUPTED), ("failed", INTERRUPTED), ("pending", None)
    ]
    first = outbox(app)[0].id
    with app.unit_of_work() as uow:
        progress = broadcast_progress(uow, SLUG)
        assert (progress.total.failed, progress.total.interrupted) == (2, 2)
        assert requeue_interrupted(uow, [first]) == 1  # an officer's choice
        uow.commit()
    assert [r.status for r in outbox(app)] == ["pending", "failed", "pending"]


def test_a_young_sending_row_may_belong_to_a_live_drainer_and_is_left_alone(
    app: App, clock
) -> None:
    _open_for(app, clock, 1)
    OutboxStore(app.unit_of_work).claim(1, clock.now)
    with app.unit_of_work() as uow:
        assert settle_interrupted(uow, clock.now + timedelta(minutes=1), timedelta(minutes=10)) == 0
    assert outbox(app)[0].status == "sending"


class _GatedSender:
    """A sender stand-in: nothing passes its limiter until the gate opens; then all is sent."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.remember = None
        self.max_retries = 0
        self.api = self
        self.limiter = self

    async def wait(self, chat_id: int | None) -> None:
        await self.gate.wait()

    async def send_message(self, chat_id: int, text: str, keyboard: object) -> int:
        return 1

    async def on_forbidden(self, chat_id: int) -> None:  # pragma: no cover
        pass


def _drainer(app: App, sender: _GatedSender) -> OutboxDrainer:
    return OutboxDrainer(app.unit_of_work, sender, DrainPolicy(concurrency=2),  # type: ignore[arg-type]
                         app.clock)


async def test_a_cancelled_drainer_puts_back_everything_not_yet_on_the_wire(
    app: App, clock
) -> None:
    _open_for(app, clock, 5)
    drainer = _drainer(app, _GatedSender())
    task = asyncio.create_task(drainer.run(asyncio.Event()))
    await asyncio.sleep(0.3)
    assert {r.status for r in outbox(app)} == {"sending"}
    task.cancel()  # two are held in the limiter, three wait in the queue
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert {r.status for r in outbox(app)} == {"pending"}
    assert drainer.abandoned == frozenset()


async def test_a_stopped_drainer_finishes_its_sends_and_puts_back_the_rest(
    app: App, clock
) -> None:
    _open_for(app, clock, 5)
    sender = _GatedSender()
    stop = asyncio.Event()
    task = asyncio.create_task(_drainer(app, sender).run(stop))
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.sleep(0.3)
    sender.gate.set()
    stats = await asyncio.wait_for(task, 5)
    assert sorted(r.status for r in outbox(app)) == ["pending"] * 3 + ["sent"] * 2
    assert stats.sent == 2

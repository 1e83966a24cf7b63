"""The outbox drainer: claim due messages, send each at most once, at the broadcast rate.

Claimed rows are "sending". Each send ends in a settlement, written in small batches (every
50 ms): "sent"; "failed" (403: the person blocked the bot, and is marked unreachable; 400:
Telegram refused it); or back to "pending" with a later `not_before` when the sender parked
it (429s or 5xx that outlasted its retries). For a "sending" row `not_before` holds the
claim time.

Stopping (the stop event) finishes the sends in flight, writes their settlements and puts
claimed rows no worker started back to "pending". Cancelling the task (a crash, as far as
the outbox can tell) does the same except for the sends in flight: those are left
"sending", since they may or may not have reached Telegram. `recovery` says what then.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.broadcast.outbox_store import Claimed, OutboxStore, Settlement
from bot.messaging import actions as out
from bot.messaging.outbox_codec import payload_to_action
from bot.messaging.rate_limit import RateLimiter
from bot.messaging.sender import Sender
from bot.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)
FLUSH_SECONDS = 0.05
FLUSH_ROWS = 64
SUPERSEDED = "superseded: the chat shows a newer question"
AnchorLookup = Callable[[int], Awaitable[tuple[int, str] | None]]
"""(message id, question) of the message that shows a chat's question now, if known."""


@dataclass(frozen=True)
class DrainPolicy:
    """How fast and how hard the drainer works."""

    rate: float = 25.0
    """Messages a second at most (COPRO_BROADCAST_RATE), below Telegram's ~30."""
    concurrency: int = 16
    """Sends in flight at once: enough to keep the rate up over a slow network."""
    batch: int | None = None
    """Rows claimed at a time (default: about one second's worth)."""
    idle_seconds: float = 1.0
    stuck_after: timedelta = timedelta(minutes=10)
    max_attempts: int = 8
    retry_after: timedelta = timedelta(seconds=30)
    """How long a parked message waits, times its attempts (at most 15 minutes)."""

    @property
    def claim_size(self) -> int:
        return self.batch or max(10, round(self.rate))


@dataclass
class DrainStats:
    """What one run of the drainer did."""

    sent: int = 0
    failed: int = 0
    released: int = 0
    interrupted: int = 0
    errors: Counter[str] = field(default_factory=Counter)


@dataclass
class _Outcome:
    on_wire: bool = False
    """Past the rate limiter: the request may have reached Telegram."""
    parked: bool = False
    forbidden: bool = False


_outcome: ContextVar[_Outcome | None] = ContextVar("copro_outbox_outcome", default=None)


class ChainedLimiter:
    """Wait on the broadcast limit, then on the sender's own (shared with the chat's replies);
    once through, the message is on the wire."""

    def __init__(self, *limiters: Any) -> None:
        self._limiters = limiters

    async def wait(self, chat_id: int | None) -> None:
        for limiter in self._limiters:
            await limiter.wait(chat_id)
        outcome = _outcome.get()
        if outcome is not None:
            outcome.on_wire = True


class OutboxDrainer:
    """Sends what is due in the outbox through a `Sender`; one drainer per deployment."""

    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        sender: Sender,
        policy: DrainPolicy,
        clock: Callable[[], datetime],
        anchor_of: AnchorLookup | None = None,
    ) -> None:
        self.store = OutboxStore(unit_of_work)
        self.anchor_of = anchor_of
        self.policy = policy
        self.clock = clock
        self.limiter = RateLimiter(overall=policy.rate, start_full=False)
        self._on_forbidden = sender.on_forbidden
        # The caller's sender, but a parked or forbidden message is reported to us (the row
        # goes back or fails) instead of being queued again as a new row.
        self.sender = Sender(
            sender.api,
            ChainedLimiter(self.limiter, sender.limiter),  # type: ignore[arg-type]
            sender.remember,
            self._forbidden,
            self._parked,
            sender.max_retries,
            getattr(sender, "delete_later", None),
        )
        self.stats = DrainStats()
        self.abandoned: frozenset[int] = frozenset()
        """Rows in flight when the task was cancelled: left "sending"."""
        self._unstarted: dict[int, Claimed] = {}
        self._in_flight: dict[int, _Outcome] = {}
        self._settled: list[Settlement] = []
        self._claiming: asyncio.Future[list[Claimed]] | None = None
        self._blocked: set[int] = set()
        self._chats = _ChatLocks()

    async def run(self, stop: asyncio.Event) -> DrainStats:
        """Drain until `stop` is set; returns what was done."""
        policy = self.policy
        self.stats.interrupted += await asyncio.to_thread(
            self.store.settle_interrupted, self.clock(), policy.stuck_after
        )
        queue: asyncio.Queue[Claimed | None] = asyncio.Queue()
        count = max(1, policy.concurrency)
        workers = [asyncio.create_task(self._work(queue)) for _ in range(count)]
        flushed_enough = asyncio.Event()
        flusher = asyncio.create_task(self._flush_often(flushed_enough))
        try:
            await self._claim_until(stop, queue)
            while not queue.empty():  # stopping: what no worker started goes back
                queue.get_nowait()
            await asyncio.to_thread(self.store.release, self._take_unstarted())
            for _ in workers:
                queue.put_nowait(None)
            await asyncio.gather(*workers)
            flushed_enough.set()  # not cancel: a write in a thread must land before we return
            await flusher
            await self._flush()
        except asyncio.CancelledError:
            on_wire = {i for i, o in self._in_flight.items() if o.on_wire}
            not_sent = [i for i in self._in_flight if i not in on_wire]
            self.abandoned = frozenset(on_wire)
            if on_wire:
                log.warning("outbox.abandoned_in_flight", extra={"count": len(on_wire)})
            for task in (*workers, flusher):
                task.cancel()
            if self._claiming is not None:
                with contextlib.suppress(Exception):  # a failed claim claimed nothing
                    for row in await self._claiming:
                        self._unstarted[row.id] = row
            # blocking on purpose: the loop may be going away, and these are facts to keep
            self._write(self._take_settled())
            self.store.release([*self._take_unstarted(), *not_sent])
            raise
        return self.stats

    async def _claim_until(self, stop: asyncio.Event, queue: asyncio.Queue[Claimed | None]) -> None:
        size = self.policy.claim_size
        idle = 0
        while not stop.is_set():
            if queue.qsize() > size // 2:
                await _wait(stop, 0.02)
                continue
            # shielded: if we are cancelled meanwhile, the claim still lands and is put back
            self._claiming = asyncio.ensure_future(
                asyncio.to_thread(self.store.claim, size - queue.qsize(), self.clock())
            )
            rows = await asyncio.shield(self._claiming)
            self._claiming = None
            if not rows:
                idle += 1
                if idle % 60 == 0:  # about once a minute when idle
                    self.stats.interrupted += await asyncio.to_thread(
                        self.store.settle_interrupted, self.clock(), self.policy.stuck_after
                    )
                await _wait(stop, self.policy.idle_seconds)
                continue
            idle = 0
            for row in rows:
                self._unstarted[row.id] = row
                queue.put_nowait(row)

    # one message ----------------------------------------------------------------------

    async def _work(self, queue: asyncio.Queue[Claimed | None]) -> None:
        while True:
            row = await queue.get()
            if row is None:
                return
            async with self._chats.hold(row.chat_id):
                if self._unstarted.pop(row.id, None) is None:
                    continue  # taken back meanwhile
                outcome = self._in_flight[row.id] = _Outcome()
                try:
                    self._settle(await self._deliver(row, outcome))
                except Exception as error:  # never let one message stop the drainer
                    log.exception("outbox.deliver_failed", extra={"outbox_id": row.id})
                    self._settle(self._failed(row, f"error: {error!r}"[:500]))
                finally:
                    self._in_flight.pop(row.id, None)

    async def _deliver(self, row: Claimed, outcome: _Outcome) -> Settlement:
        if row.chat_id in self._blocked:
            return self._failed(row, "forbidden: blocked the bot")
        try:
            action = payload_to_action(row.payload)
        except (KeyError, ValueError, TypeError) as error:
            return self._failed(row, f"unreadable payload: {error!r}"[:500])
        if await self._superseded(action):
            return self._failed(row, SUPERSEDED)
        token = _outcome.set(outcome)
        try:
            done = await self.sender.send(action)
        finally:
            _outcome.reset(token)
        if done:
            return Settlement(row.id, "sent", self.clock())
        if outcome.forbidden:
            self._blocked.add(row.chat_id)
            return self._failed(row, "forbidden: blocked the bot")
        if outcome.parked:
            if row.attempts >= self.policy.max_attempts:
                return self._failed(row, f"gave up after {row.attempts} attempts")
            wait = min(self.policy.retry_after * row.attempts, timedelta(minutes=15))
            return Settlement(row.id, "retry", self.clock() + wait,
                              "parked: rate limited or unavailable")
        return self._failed(row, "refused by Telegram (400)")

    async def _superseded(self, action: out.Action) -> bool:
        """A parked edit of a question message the chat has moved past: a newer message now
        shows the current question, so sending it would bring back an old question's buttons."""
        if not isinstance(action, out.EditText) or not action.keyboard:
            return False
        if self.anchor_of is None:
            return False
        current = await self.anchor_of(action.chat_id)
        return current is not None and current[0] != action.message_id

    def _failed(self, row: Claimed, reason: str) -> Settlement:
        return Settlement(row.id, "failed", self.clock(), reason)

    async def _parked(self, action: out.Action) -> None:
        outcome = _outcome.get()
        if outcome is not None:
            outcome.parked = True

    async def _forbidden(self, chat_id: int) -> None:
        outcome = _outcome.get()
        if outcome is not None:
            outcome.forbidden = True
        await self._on_forbidden(chat_id)

    # settling -------------------------------------------------------------------------

    def _settle(self, settlement: Settlement) -> None:
        self._settled.append(settlement)

    async def _flush_often(self, done: asyncio.Event) -> None:
        while not done.is_set():
            await _wait(done, FLUSH_SECONDS)
            await self._flush()

    async def _flush(self) -> None:
        batch = self._take_settled()
        if batch:
            await asyncio.to_thread(self._write, batch)

    def _write(self, batch: list[Settlement]) -> None:
        try:
            self.store.settle(batch)
        except Exception:
            # They stay "sending" and are settled as interrupted later: never sent twice.
            log.exception("outbox.settle_failed", extra={"count": len(batch)})
            return
        for s in batch:
            if s.outcome == "sent":
                self.stats.sent += 1
            elif s.outcome == "retry":
                self.stats.released += 1
            else:
                self.stats.failed += 1
                self.stats.errors[(s.reason or "").split(":")[0]] += 1

    def _take_settled(self) -> list[Settlement]:
        batch, self._settled = self._settled, []
        return batch

    def _take_unstarted(self) -> list[int]:
        ids, self._unstarted = list(self._unstarted), {}
        return ids


class _ChatLocks:
    """One send at a time per chat, in the order claimed, so a chat's messages keep order."""

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: Counter[int] = Counter()

    @contextlib.asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._users[chat_id] += 1
        try:
            async with lock:
                yield
        finally:
            self._users[chat_id] -= 1
            if self._users[chat_id] <= 0:
                del self._users[chat_id]
                self._locks.pop(chat_id, None)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_outbox(
    app: Any,
    sender: Sender,
    stop_event: asyncio.Event,
    *,
    policy: DrainPolicy | None = None,
    clock: Callable[[], datetime] | None = None,
) -> DrainStats:
    """Drain the outbox through `sender` until `stop_event`, at COPRO_BROADCAST_RATE."""
    policy = policy or DrainPolicy(rate=app.settings.broadcast_rate)
    drainer = OutboxDrainer(app.unit_of_work, sender, policy, clock or app.clock,
                            app.anchor_of)  # fmt: skip
    return await drainer.run(stop_event)


__all__ = ["ChainedLimiter", "DrainPolicy", "DrainStats", "OutboxDrainer", "run_outbox"]

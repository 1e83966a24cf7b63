"""The scheduler: APScheduler 3 wakes at each time the database holds; one per deployment.

The database is the source of truth; APScheduler's memory job store is only a set of
alarms rebuilt from it: at start (after doing whatever was missed while down, once), at
every resync (each minute, which also picks up schedules made elsewhere) and after each
alarm. A job is `planner.run_due(now)`: idempotent, so an alarm that fires late, twice or
never changes nothing a later resync would not do.

`now` comes from the injected clock; APScheduler waits on the real one, so an alarm for
clock time T is set at real time `real_now + (T - clock_now)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, time, tzinfo
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.broadcast.drainer import run_outbox
from bot.scheduling.plan import DueReport, RoundPlanner, Wakeup
from storage.locking import SchedulerLock, scheduler_lock

log = logging.getLogger(__name__)
Retention = Callable[[datetime], None]
RESYNC_JOB = "resync"
RETENTION_JOB = "retention"
_ROUND_JOBS = ("open:", "close:", "remind:")


def _real_now() -> datetime:
    return datetime.now(UTC)


class RoundScheduler:
    """APScheduler alarms for the rounds' times, a resync each minute, retention each day."""

    def __init__(
        self,
        planner: RoundPlanner,
        clock: Callable[[], datetime],
        *,
        zone: tzinfo,
        retention: Retention | None = None,
        retention_at: time = time(3, 0),
        resync_seconds: float = 60.0,
    ) -> None:
        self.planner = planner
        self.clock = clock
        self.zone = zone
        self.retention = retention
        self.retention_at = retention_at
        self.resync_seconds = resync_seconds
        self.aps: AsyncIOScheduler | None = None
        self._alarms: dict[str, datetime] = {}
        self._lock = asyncio.Lock()

    @property
    def running(self) -> bool:
        return self.aps is not None

    async def start(self) -> DueReport:
        """Do what was missed while down (once), then set the alarms; returns what it did."""
        self.aps = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )
        self.aps.start()
        report = await self.resync()
        self.aps.add_job(
            self.resync, IntervalTrigger(seconds=self.resync_seconds), id=RESYNC_JOB,
            replace_existing=True,
        )
        if self.retention is not None:
            trigger = CronTrigger(
                hour=self.retention_at.hour, minute=self.retention_at.minute, timezone=self.zone
            )
            self.aps.add_job(self.run_retention, trigger, id=RETENTION_JOB, replace_existing=True)
        return report

    async def stop(self) -> None:
        """Stop the alarms and wait for a run in progress to finish."""
        if self.aps is not None:
            with contextlib.suppress(Exception):
                self.aps.shutdown(wait=False)
            self.aps = None
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the next loop turn
        async with self._lock:
            self._alarms.clear()

    async def resync(self) -> DueReport:
        """Do what is due now, then set the alarms for what comes next."""
        async with self._lock:
            report = await asyncio.to_thread(self.planner.run_due, self.clock())
            if report.did_something:
                log.info(
                    "scheduler.did",
                    extra={"opened": len(report.opened), "closed": len(report.closed),
                           "reminded": report.reminded},
                )
            wakeups = await asyncio.to_thread(self.planner.plan, self.clock())
            self._set_alarms(wakeups)
        return report

    async def run_retention(self) -> None:
        """The daily retention job the lead passes in (erasing what is past its time)."""
        if self.retention is None:
            return
        try:
            await asyncio.to_thread(self.retention, self.clock())
        except Exception:
            log.exception("scheduler.retention_failed")

    def alarms(self) -> dict[str, datetime]:
        """The round alarms set now, by job id, in clock time."""
        return dict(self._alarms)

    def _set_alarms(self, wakeups: list[Wakeup]) -> None:
        if self.aps is None:
            return
        shift = _real_now() - self.clock()
        wanted = {w.job_id: w.at for w in wakeups}
        for job in self.aps.get_jobs():
            if job.id.startswith(_ROUND_JOBS) and job.id not in wanted:
                job.remove()
                self._alarms.pop(job.id, None)
        for job_id, at in wanted.items():
            if self._alarms.get(job_id) == at and self.aps.get_job(job_id) is not None:
                continue
            self.aps.add_job(
                self.resync, DateTrigger(run_date=at + shift), id=job_id, replace_existing=True
            )
            self._alarms[job_id] = at


class SchedulerHost:
    """Runs the round scheduler, and the outbox drainer when given a sender, only while
    this process holds the scheduler lock; otherwise waits (or gives up) politely."""

    def __init__(
        self,
        app: Any,
        *,
        sender: Any | None = None,
        retention: Retention | None = None,
        clock: Callable[[], datetime] | None = None,
        lock: SchedulerLock | None = None,
        wait: bool = True,
        retry_seconds: float = 15.0,
        heartbeat_seconds: float = 15.0,
        resync_seconds: float = 60.0,
        drain_policy: Any | None = None,
    ) -> None:
        self.app = app
        self.sender = sender
        self.retention = retention
        self.clock = clock or app.clock
        self.lock = lock or scheduler_lock(app.database)
        self.wait = wait
        self.retry_seconds = retry_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.resync_seconds = resync_seconds
        self.drain_policy = drain_policy
        self.leading = asyncio.Event()
        self.terms = 0
        """How many times this host has taken the lead."""
        self.scheduler: RoundScheduler | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[bool] | None = None

    def build_scheduler(self) -> RoundScheduler:
        lifecycle = self.app.rounds
        planner = RoundPlanner(self.app.unit_of_work, lifecycle)
        return RoundScheduler(
            planner, self.clock, zone=self.app.settings.zone, retention=self.retention,
            resync_seconds=self.resync_seconds,
        )

    async def run(self, stop: asyncio.Event | None = None) -> bool:
        """Lead whenever the lock is free, until `stop`; False if `wait` is off and it is taken."""
        stop = stop or self._stop
        warned = False
        while not stop.is_set():
            try:
                acquired = await asyncio.to_thread(self.lock.acquire)
            except Exception:  # the database is away: try again later
                log.exception("scheduler.lock_failed")
                await _wait(stop, self.retry_seconds)
                continue
            if acquired:
                warned = False
                log.info("scheduler.leading")
                try:
                    await self._lead(stop)
                except Exception:
                    log.exception("scheduler.failed: starting again shortly")
                    await _wait(stop, self.retry_seconds)
                finally:
                    await asyncio.to_thread(self.lock.release)
                continue
            if not self.wait:
                return False
            if not warned:
                log.info("scheduler.standby: another scheduler holds the lock; waiting")
                warned = True
            await _wait(stop, self.retry_seconds)
        return True

    async def start(self) -> SchedulerHost:
        """Run in the background (see `stop`)."""
        self._task = asyncio.create_task(self.run(self._stop))
        return self

    async def stop(self) -> None:
        """Stop leading (or waiting), release the lock, and finish the drainer's sends."""
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _lead(self, stop: asyncio.Event) -> None:
        scheduler = self.build_scheduler()
        self.scheduler = scheduler
        drain_stop = asyncio.Event()
        drainer: asyncio.Task[Any] | None = None
        mailer = self.app.mail_drainer() if hasattr(self.app, "mail_drainer") else None
        mail_task = asyncio.create_task(mailer.run(drain_stop)) if mailer else None
        try:
            await scheduler.start()
            if self.sender is not None:
                drainer = asyncio.create_task(
                    run_outbox(self.app, self.sender, drain_stop, policy=self.drain_policy,
                               clock=self.clock)
                )
            self.leading.set()
            self.terms += 1
            while not stop.is_set():
                await _wait(stop, self.heartbeat_seconds)
                if drainer is not None and drainer.done() and not stop.is_set():
                    assert self.sender is not None
                    log.error("outbox.drainer_stopped: starting it again",
                              exc_info=drainer.exception())
                    drainer = asyncio.create_task(
                        run_outbox(self.app, self.sender, drain_stop, policy=self.drain_policy,
                               clock=self.clock)
                    )
                if not stop.is_set() and not await asyncio.to_thread(self.lock.alive):
                    log.error("scheduler.lock_lost: stopping until it can be taken again")
                    break
        finally:
            self.leading.clear()
            await scheduler.stop()
            drain_stop.set()
            for task in (drainer, mail_task):
                if task is not None:
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            self.scheduler = None


async def start_in_process(
    app: Any,
    *,
    sender: Any | None = None,
    retention: Retention | None = None,
    clock: Callable[[], datetime] | None = None,
    **options: Any,
) -> SchedulerHost:
    """Start the scheduler (and, given the chat's `Sender`, the outbox drainer) inside
    `copro run` / `copro sandbox`; `await host.stop()` on the way out.

    It takes the scheduler lock first, so a second process (or a `copro scheduler`) makes
    this one wait in the background instead of running twice.
    """
    host = SchedulerHost(app, sender=sender, retention=retention, clock=clock, **options)
    return await host.start()


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


__all__ = ["RoundScheduler", "SchedulerHost", "start_in_process"]

"""What the scheduler must do now, and when it must wake next: read from the database each time.

The database is the source of truth. `run_due(now)` does whatever is due (open, close,
the reminder whose time has come) and is safe to call at any moment, as often as wanted:
the state checks and dedupe keys make a repeat a no-op. `plan(now)` lists the future times
at which something becomes due, for APScheduler to wake at. Missed times need no replay:
the next `run_due` finds the work still due and does it once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.scheduling.rounds import RoundChange, RoundLifecycle, is_live
from bot.scheduling.times import ReminderSlot, reminder_slots
from bot.services.consultations import load_stored_by_id
from bot.services.ports import UnitOfWorkFactory, id_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoundTimes:
    """A round that is not closed, with its times and its reminder offsets."""

    round_id: int
    consultation_id: int
    key: str
    state: str
    opens_at: datetime | None
    closes_at: datetime | None
    reminders: tuple[timedelta, ...]


@dataclass(frozen=True)
class Wakeup:
    """A time something becomes due; `job_id` names it for APScheduler."""

    job_id: str
    at: datetime


@dataclass
class DueReport:
    opened: list[RoundChange] = field(default_factory=list)
    closed: list[RoundChange] = field(default_factory=list)
    reminded: int = 0

    @property
    def did_something(self) -> bool:
        return bool(self.opened or self.closed or self.reminded)


class RoundPlanner:
    """Reads the rounds' times and turns them into work now and wake-ups later."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, lifecycle: RoundLifecycle) -> None:
        self._uow = unit_of_work
        self.lifecycle = lifecycle
        # Reminder slots this process has run outside quiet hours: a repeat would find
        # nobody new (see audience.reminder_audience), so skip the query.
        self._slots_done: set[tuple[int, int, datetime]] = set()

    def rounds(self, now: datetime) -> list[RoundTimes]:
        """Every round not yet closed nor a draft, with its reminders from the file (a draft
        waits for an officer: nothing about it is ever due)."""
        zone = self.lifecycle.rules.zone
        found = []
        with self._uow() as uow:
            rows = uow.consultations.rounds_not_closed()
            models: dict[int, Any] = {}
            for row in rows:
                if row.state == "draft":
                    continue
                if row.consultation_id not in models:
                    models[row.consultation_id] = load_stored_by_id(
                        uow, row.consultation_id, now, zone
                    ).consultation
                round_ = models[row.consultation_id].round(row.key)
                reminders = tuple(round_.reminders) if round_ is not None else ()
                found.append(
                    RoundTimes(id_of(row), row.consultation_id, row.key, row.state,
                               row.opens_at, row.closes_at, reminders)
                )
        return found

    def run_due(self, now: datetime) -> DueReport:
        """Open, close and remind whatever is due at `now`; each round in its own transaction."""
        report = DueReport()
        for times in self.rounds(now):
            try:
                self._run_round(times, now, report)
            except Exception:
                # One broken round must not stop the others; the next run tries it again.
                log.exception("scheduler.round_failed", extra={"round_id": times.round_id})
        return report

    def plan(self, now: datetime) -> list[Wakeup]:
        """The future times at which something becomes due, soonest first."""
        rules = self.lifecycle.rules
        wakeups = []
        for t in self.rounds(now):
            rid = t.round_id
            if t.state == "scheduled" and t.opens_at is not None and t.opens_at > now:
                wakeups.append(Wakeup(f"open:{rid}", t.opens_at))
            if t.closes_at is None or t.closes_at <= now:
                continue
            wakeups.append(Wakeup(f"close:{rid}", t.closes_at))
            slots = self._slots(t)
            wakeups += [Wakeup(f"remind:{rid}:{s.n}", s.at) for s in slots if s.at > now]
            morning = rules.quiet.defer(now)
            if morning < t.closes_at and rules.quiet.contains(now) and any(
                s.at <= now for s in slots
            ):
                # a reminder came due (or was missed) in quiet hours: go when they end
                wakeups.append(Wakeup(f"remind:{rid}:after-quiet", morning))
        return sorted(wakeups, key=lambda w: (w.at, w.job_id))

    def _run_round(self, t: RoundTimes, now: datetime, report: DueReport) -> None:
        lifecycle = self.lifecycle
        if t.state == "scheduled" and t.opens_at is not None and t.opens_at <= now:
            opened = lifecycle.open_due(t.round_id, now)
            if opened is not None:
                report.opened.append(opened)
        if t.closes_at is not None and t.closes_at <= now:
            closed = lifecycle.close_due(t.round_id, now)
            if closed is not None:
                report.closed.append(closed)
            return
        slots = self._slots(t)
        due = [s for s in slots if s.at <= now]
        if not due or (t.round_id, due[-1].n, due[-1].at) in self._slots_done:
            return
        if t.state == "scheduled" and t.opens_at is not None and t.opens_at > now:
            return
        reminded = lifecycle.send_reminders(t.round_id, now)
        report.reminded += reminded.queued
        if reminded.slot is not None:
            self._slots_done.add((t.round_id, reminded.slot.n, reminded.slot.at))

    def _slots(self, t: RoundTimes) -> list[ReminderSlot]:
        rules = self.lifecycle.rules
        return reminder_slots(t.reminders, t.opens_at, t.closes_at, rules.zone, rules.quiet)


__all__ = ["DueReport", "RoundPlanner", "RoundTimes", "Wakeup", "is_live"]

"""Times in the council's zone: officers' local times, quiet hours, and when reminders fall."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo


class LocalTimeInvalid(ValueError):
    """A local time that cannot be read, or that the clocks skip."""


def parse_local(text: str, zone: tzinfo) -> datetime:
    """An officer's time ('2027-03-29 17:00', ISO, or a date) in `zone`, returned in UTC.

    A time with an offset keeps it. A time the clocks skip (01:30 on the morning they go
    forward) is refused; one they pass twice (01:30 when they go back) is the first, summer one.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise LocalTimeInvalid(f"{text!r} is not a date and time like 2027-03-29 17:00") from None
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    local = value.replace(tzinfo=zone)
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise LocalTimeInvalid(f"{text} does not exist in {zone}: the clocks go forward then")
    return local.astimezone(UTC)


def wall_clock_before(moment: datetime, offset: timedelta, zone: tzinfo) -> datetime:
    """`offset` before `moment` on the local wall clock, in UTC.

    P1D before Monday 17:00 is Sunday 17:00 even when the clocks change in between, which
    is what a person means by "a day before it closes".
    """
    wall = moment.astimezone(zone).replace(tzinfo=None) - offset
    return wall.replace(tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class QuietHours:
    """No reminders from `start` o'clock until `end` o'clock, local time (equal: none)."""

    start: int
    end: int
    zone: tzinfo

    def contains(self, moment: datetime) -> bool:
        hour = moment.astimezone(self.zone).hour
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= hour < self.end
        return hour >= self.start or hour < self.end

    def defer(self, moment: datetime) -> datetime:
        """The moment itself, or the end of the quiet hours it falls in (in UTC)."""
        if not self.contains(moment):
            return moment.astimezone(UTC)
        local = moment.astimezone(self.zone)
        day = local.date()
        if local.hour >= self.end:
            day += timedelta(days=1)
        end = datetime.combine(day, time(self.end), tzinfo=self.zone)
        return end.astimezone(UTC)


@dataclass(frozen=True)
class ReminderSlot:
    """The n-th reminder of a round (1 = earliest): when it was due, when it may go."""

    n: int
    due: datetime
    at: datetime


def reminder_slots(
    offsets: Sequence[timedelta],
    opens: datetime | None,
    closes: datetime | None,
    zone: tzinfo,
    quiet: QuietHours,
) -> list[ReminderSlot]:
    """A round's reminders in time order, each moved out of quiet hours.

    A reminder that would fall at or before the round opens, or at or after it closes
    (once moved out of quiet hours), is dropped: it could only confuse.
    """
    if closes is None:
        return []
    slots = []
    # n is the offset's rank (longest first), so it stays the same when the times move.
    for n, offset in enumerate(sorted(set(offsets), reverse=True), start=1):
        due = wall_clock_before(closes, offset, zone)
        at = quiet.defer(due)
        if at >= closes or (opens is not None and at <= opens):
            continue
        slots.append(ReminderSlot(n, due, at))
    return sorted(slots, key=lambda slot: slot.at)


def due_slot(slots: Sequence[ReminderSlot], now: datetime) -> ReminderSlot | None:
    """The latest reminder whose time has come; earlier ones missed are not sent late."""
    due = [slot for slot in slots if slot.at <= now]
    return due[-1] if due else None

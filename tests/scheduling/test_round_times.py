"""Officers' local times, quiet hours and reminder times, in Europe/London."""

from __future__ import annotations

from datetime import timedelta

import pytest
from scheduling_testkit import LONDON, london, utc

from bot.scheduling.times import (
    LocalTimeInvalid,
    QuietHours,
    due_slot,
    parse_local,
    reminder_slots,
    wall_clock_before,
)

QUIET = QuietHours(21, 8, LONDON)


def test_an_officers_time_is_read_in_the_councils_zone_and_stored_in_utc() -> None:
    assert parse_local("2027-03-26 17:00", LONDON) == utc(2027, 3, 26, 17, 0)  # GMT
    assert parse_local("2027-03-29 17:00", LONDON) == utc(2027, 3, 29, 16, 0)  # BST
    assert parse_local("2027-03-29T17:00+02:00", LONDON) == utc(2027, 3, 29, 15, 0)
    assert parse_local("2027-03-29", LONDON) == utc(2027, 3, 28, 23, 0)


def test_a_time_the_clocks_skip_is_refused_and_a_repeated_one_is_the_summer_one() -> None:
    with pytest.raises(LocalTimeInvalid, match="clocks go forward"):
        parse_local("2027-03-28 01:30", LONDON)
    assert parse_local("2027-10-31 01:30", LONDON) == utc(2027, 10, 31, 0, 30)
    with pytest.raises(LocalTimeInvalid):
        parse_local("next tuesday", LONDON)


def test_a_day_before_is_the_same_wall_clock_time_across_the_clock_change() -> None:
    closes = london(2027, 3, 29, 12, 0)  # BST: 11:00 UTC
    assert wall_clock_before(closes, timedelta(days=1), LONDON) == utc(2027, 3, 28, 11, 0)
    assert wall_clock_before(closes, timedelta(days=3), LONDON) == utc(2027, 3, 26, 12, 0)


@pytest.mark.parametrize(
    ("local", "quiet"),
    [((20, 59), False), ((21, 0), True), ((23, 30), True), ((3, 0), True), ((7, 59), True),
     ((8, 0), False), ((12, 0), False)],
)
def test_quiet_hours_run_from_nine_at_night_to_eight_in_the_morning(
    local: tuple[int, int], quiet: bool
) -> None:
    assert QUIET.contains(london(2027, 3, 10, *local)) is quiet


def test_a_moment_in_quiet_hours_moves_to_eight_the_next_morning_local_time() -> None:
    assert QUIET.defer(london(2027, 3, 27, 22, 0)) == london(2027, 3, 28, 8, 0)  # BST by then
    assert QUIET.defer(london(2027, 3, 28, 6, 0)) == london(2027, 3, 28, 8, 0)
    assert QUIET.defer(london(2027, 3, 28, 12, 0)) == london(2027, 3, 28, 12, 0)
    assert QuietHours(9, 9, LONDON).defer(london(2027, 3, 28, 3, 0)) == london(2027, 3, 28, 3)


def test_reminders_are_numbered_longest_first_and_dropped_outside_the_round() -> None:
    opens, closes = london(2027, 3, 25, 9, 0), london(2027, 3, 29, 12, 0)
    offsets = [timedelta(days=1), timedelta(days=7), timedelta(days=3), timedelta(hours=2)]
    slots = reminder_slots(offsets, opens, closes, LONDON, QUIET)
    # P7D falls before the round opens: dropped, but the others keep their numbers
    assert [(s.n, s.at) for s in slots] == [
        (2, london(2027, 3, 26, 12, 0)),
        (3, london(2027, 3, 28, 12, 0)),
        (4, london(2027, 3, 29, 10, 0)),
    ]
    assert due_slot(slots, london(2027, 3, 28, 13, 0)) == slots[1]
    assert due_slot(slots, london(2027, 3, 26, 11, 59)) is None


def test_a_reminder_pushed_past_the_close_by_quiet_hours_is_dropped() -> None:
    closes = london(2027, 3, 10, 7, 0)
    slots = reminder_slots([timedelta(hours=3)], None, closes, LONDON, QUIET)
    assert slots == []
    assert reminder_slots([timedelta(days=1)], None, None, LONDON, QUIET) == []

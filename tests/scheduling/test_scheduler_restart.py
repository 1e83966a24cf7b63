"""The scheduler after a restart or an outage: alarms rebuilt from the database, missed
work done once, nothing sent twice; and APScheduler really wakes at the alarms."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

from scheduling_testkit import (
    LONDON,
    add_person,
    audit_actions,
    ids,
    import_rounds,
    join_round,
    london,
    outbox,
    planner_for,
    reminders_by_user,
    round_state,
    run_until,
    utc,
)

from bot.bootstrap import App
from bot.scheduling import RoundLifecycle, RoundScheduler

OPENS = london(2027, 3, 15, 9, 0)
CLOSES = london(2027, 3, 29, 12, 0)


def _keys(app: App) -> list[str]:
    return [row.dedupe_key for row in outbox(app)]


def _opened(app: App) -> int:
    return sum(1 for action, detail in audit_actions(app)
               if action == "round.opened" and detail["round"] == "second")


async def test_a_restart_midway_rebuilds_the_alarms_from_the_database_and_repeats_nothing(
    app: App, clock
) -> None:
    import_rounds(app, OPENS, CLOSES)
    add_person(app, 1001, round_key="first", status="finished")
    round_id = ids(app).second
    run_until(planner_for(app), clock, utc(2027, 3, 16, 10, 0))
    join_round(app, 1001, "second", clock.now)
    run_until(planner_for(app), clock, utc(2027, 3, 27, 10, 0))
    before = _keys(app)
    assert before == [f"open:{round_id}:1001", f"remind:{round_id}:1001:1"]

    scheduler = RoundScheduler(planner_for(app), clock, zone=LONDON)  # a fresh process
    report = await scheduler.start()
    try:
        assert not report.did_something and _keys(app) == before
        assert scheduler.alarms() == {
            f"remind:{round_id}:2": utc(2027, 3, 28, 11, 0),
            f"close:{round_id}": utc(2027, 3, 29, 11, 0),
        }
        job = scheduler.aps.get_job(f"close:{round_id}")
        real_due = datetime.now(UTC) + (utc(2027, 3, 29, 11, 0) - clock.now)
        assert abs(job.next_run_time - real_due) < timedelta(seconds=5)
        assert scheduler.aps.get_job("resync") is not None
    finally:
        await scheduler.stop()

    run_until(planner_for(app), clock, utc(2027, 3, 30, 0, 0))
    assert _keys(app) == [*before, f"remind:{round_id}:1001:2"]
    assert round_state(app, round_id) == "closed"


async def test_an_alarm_set_for_a_round_that_closed_meanwhile_is_removed(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES)
    round_id = ids(app).second
    scheduler = RoundScheduler(planner_for(app), clock, zone=LONDON)
    await scheduler.start()
    try:
        assert f"open:{round_id}" in scheduler.alarms()
        RoundLifecycle.from_app(app).close_round("bus-routes", "second", clock.now)
        await scheduler.resync()  # what the minute's resync does
        assert scheduler.alarms() == {}
        assert scheduler.aps.get_job(f"open:{round_id}") is None
    finally:
        await scheduler.stop()


def test_a_missed_open_runs_once_when_the_scheduler_comes_back(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES)
    add_person(app, 1001, round_key="first", status="finished")
    add_person(app, 1002, round_key="first", status="finished")
    clock.now = utc(2027, 3, 16, 10, 0)  # down over the opening time
    report = planner_for(app).run_due(clock.now)
    assert [c.queued for c in report.opened] == [2]
    for _ in range(2):  # again, and from another fresh process
        assert not planner_for(app).run_due(clock.now).did_something
    assert _opened(app) == 1 and len(outbox(app)) == 2


def test_reminders_missed_while_down_send_only_the_latest_and_only_once(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES)
    planner = planner_for(app)
    run_until(planner, clock, utc(2027, 3, 16, 10, 0))
    add_person(app, 1001, round_key="second")
    clock.now = utc(2027, 3, 28, 12, 0)  # down over both reminder times
    assert planner.run_due(clock.now).reminded == 1
    assert planner.run_due(clock.now).reminded == 0
    assert planner_for(app).run_due(clock.now).reminded == 0
    round_id = ids(app).second
    assert [r.dedupe_key for r in reminders_by_user(app, round_id)[1001]] == [
        f"remind:{round_id}:1001:2"
    ]


def test_a_round_whose_whole_window_passed_while_down_just_closes(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES)
    add_person(app, 1001, round_key="first", status="finished")
    clock.now = utc(2027, 4, 2, 10, 0)
    report = planner_for(app).run_due(clock.now)
    assert report.opened == [] and len(report.closed) == 1
    assert outbox(app) == [] and round_state(app, ids(app).second) == "closed"


async def test_apscheduler_wakes_at_the_alarms_on_the_real_clock(app: App) -> None:
    """The injected clock runs 100 days ahead of the real one; alarms still fire on time."""
    ahead = timedelta(days=100)

    def clock() -> datetime:
        return datetime.now(UTC) + ahead

    app.clock = clock
    start = clock()
    import_rounds(app, start + timedelta(seconds=1), start + timedelta(seconds=2.5), [])
    add_person(app, 1001, round_key="first", status="finished")
    round_id = ids(app).second
    retained: list[datetime] = []
    scheduler = RoundScheduler(planner_for(app), clock, zone=LONDON, retention=retained.append,
                               retention_at=time(3, 0))
    await scheduler.start()
    try:
        assert round_state(app, round_id) == "scheduled"
        states = []
        for _ in range(50):
            await asyncio.sleep(0.1)
            states.append(round_state(app, round_id))
            if states[-1] == "closed":
                break
        assert states[0] == "scheduled" and "open" in states and states[-1] == "closed"
        assert [row.dedupe_key for row in outbox(app)] == [f"open:{round_id}:1001"]
        retention_job = scheduler.aps.get_job("retention")
        next_run = retention_job.next_run_time.astimezone(LONDON)
        assert (next_run.hour, next_run.minute) == (3, 0)
        await scheduler.run_retention()
        assert len(retained) == 1 and abs(retained[0] - clock()) < timedelta(seconds=5)
    finally:
        await scheduler.stop()

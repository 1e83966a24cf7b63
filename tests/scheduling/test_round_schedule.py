"""Rounds open, remind and close at the right times, read from the database, with a hand-moved
clock jumping from alarm to alarm as the scheduler does."""

from __future__ import annotations

from scheduling_testkit import (
    SLUG,
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
from bot.messaging.outbox_codec import payload_to_action
from bot.scheduling import RoundLifecycle

OPENS = london(2027, 3, 15, 9, 0)  # GMT: 09:00 UTC
CLOSES = london(2027, 3, 29, 12, 0)  # BST since 28 March: 11:00 UTC


def _people(app: App) -> None:
    """Enrolled in round one; 1003 never consented, 1004 blocked the bot, 1005 muted."""
    add_person(app, 1001, round_key="first", status="finished")
    add_person(app, 1002, language="cy", round_key="first", status="finished")
    add_person(app, 1003, consented=False, round_key="first")
    add_person(app, 1004, reachable=False, round_key="first", status="finished")
    add_person(app, 1005, muted=True, round_key="first", status="finished")


def test_a_round_opens_reminds_and_closes_on_time_across_the_clock_change(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES, ["P3D", "P1D"])
    _people(app)
    round_id = ids(app).second
    planner = planner_for(app)

    woke = run_until(planner, clock, utc(2027, 3, 16, 10, 0))
    assert woke == [utc(2027, 3, 15, 9, 0)]
    assert round_state(app, round_id) == "open"
    notices = outbox(app, f"open:{round_id}:")
    assert {(n.chat_id, n.created_at) for n in notices} == {
        (1001, utc(2027, 3, 15, 9, 0)), (1002, utc(2027, 3, 15, 9, 0)),
        (1005, utc(2027, 3, 15, 9, 0)),
    }
    welsh = payload_to_action(next(n for n in notices if n.chat_id == 1002).payload)
    assert "mae rownd newydd ar agor" in welsh.text and "Dewis y llwybrau" in welsh.text
    assert welsh.keyboard == ((("Cymryd rhan", f"j|{SLUG}"),),)

    for person in (1001, 1002, 1005):
        join_round(app, person, "second", clock.now)
    woke = run_until(planner, clock, utc(2027, 3, 27, 10, 0))
    assert woke == [utc(2027, 3, 26, 12, 0)]  # P3D: noon GMT
    join_round(app, 1002, "second", clock.now, status="finished")
    woke = run_until(planner, clock, utc(2027, 3, 30, 10, 0))
    assert woke == [utc(2027, 3, 28, 11, 0), utc(2027, 3, 29, 11, 0)]  # P1D at noon BST, close

    reminded = reminders_by_user(app, round_id)
    assert sorted(reminded) == [1001, 1002]  # 1005 muted reminders
    assert [(r.dedupe_key, r.created_at) for r in reminded[1001]] == [
        (f"remind:{round_id}:1001:1", utc(2027, 3, 26, 12, 0)),
        (f"remind:{round_id}:1001:2", utc(2027, 3, 28, 11, 0)),
    ]
    assert len(reminded[1002]) == 1  # finished before the second
    action = payload_to_action(reminded[1001][0].payload)
    assert "Monday 29 March 2027 at 12:00" in action.text
    assert action.keyboard == ((("Carry on", f"j|{SLUG}"),), (("Stop reminders", f"m|{SLUG}"),))
    assert round_state(app, round_id) == "closed"
    actions = [a for a, d in audit_actions(app) if a.startswith("round.") and d.get("round") ==
               "second"]
    assert actions == ["round.opened", "round.reminded", "round.reminded", "round.closed"]


def test_nothing_happens_a_moment_before_its_time(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES)
    add_person(app, 1001, round_key="first", status="finished")
    planner = planner_for(app)
    clock.now = utc(2027, 3, 15, 8, 59, 59)
    planner.run_due(clock.now)
    assert round_state(app, ids(app).second) == "scheduled"
    assert outbox(app) == []
    assert [w.job_id.split(":")[0] for w in planner.plan(clock.now)][:1] == ["open"]


def test_quiet_hours_defer_a_reminder_to_eight_in_the_morning(app: App, clock) -> None:
    import_rounds(app, london(2027, 2, 1, 9), london(2027, 2, 12, 22, 30), ["P1D"])
    clock.now = utc(2027, 2, 5, 12, 0)
    planner = planner_for(app)
    planner.run_due(clock.now)
    add_person(app, 1001, round_key="second")
    run_until(planner, clock, utc(2027, 2, 13, 0, 0))
    [reminder] = reminders_by_user(app, ids(app).second)[1001]
    assert reminder.created_at == london(2027, 2, 12, 8, 0)  # not 22:30 the night before


def test_a_reminder_missed_while_down_waits_for_the_morning_if_back_at_night(
    app: App, clock
) -> None:
    import_rounds(app, london(2027, 2, 1, 9), london(2027, 2, 13, 12, 0), ["PT18H"])
    clock.now = utc(2027, 2, 5, 12, 0)
    planner = planner_for(app)
    planner.run_due(clock.now)
    add_person(app, 1001, round_key="second")
    clock.now = london(2027, 2, 12, 22, 0)  # down from before 18:00 until 22:00
    planner.run_due(clock.now)
    assert reminders_by_user(app, ids(app).second) == {}
    assert planner.plan(clock.now)[0].at == london(2027, 2, 13, 8, 0)
    run_until(planner, clock, london(2027, 2, 13, 9, 0))
    [reminder] = reminders_by_user(app, ids(app).second)[1001]
    assert reminder.created_at == london(2027, 2, 13, 8, 0)


def test_nobody_gets_more_than_two_reminders_a_round(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES, ["P5D", "P3D", "P1D"])
    planner = planner_for(app)
    run_until(planner, clock, utc(2027, 3, 16, 10, 0))
    add_person(app, 1001, round_key="second")
    run_until(planner, clock, utc(2027, 3, 30, 0, 0))
    keys = [r.dedupe_key for r in reminders_by_user(app, ids(app).second)[1001]]
    round_id = ids(app).second
    assert keys == [f"remind:{round_id}:1001:1", f"remind:{round_id}:1001:2"]


def test_finished_muted_unreachable_and_unconsented_people_get_no_reminders(
    app: App, clock
) -> None:
    import_rounds(app, OPENS, CLOSES)
    planner = planner_for(app)
    run_until(planner, clock, utc(2027, 3, 16, 10, 0))
    add_person(app, 2001, round_key="second")  # the only one who should hear
    add_person(app, 2002, round_key="second", status="finished")
    add_person(app, 2003, round_key="second", status="declined")
    add_person(app, 2004, round_key="second", muted=True)
    add_person(app, 2005, round_key="second", reachable=False)
    add_person(app, 2006, round_key="second", consented=False)
    add_person(app, 2007, round_key="first")  # still on the other round
    run_until(planner, clock, utc(2027, 3, 30, 0, 0))
    assert sorted(reminders_by_user(app, ids(app).second)) == [2001]


def test_stop_reminders_mutes_and_cancels_one_already_queued(app: App, clock) -> None:
    import_rounds(app, OPENS, CLOSES)
    planner = planner_for(app)
    run_until(planner, clock, utc(2027, 3, 16, 10, 0))
    add_person(app, 2001, round_key="second")
    run_until(planner, clock, utc(2027, 3, 26, 13, 0))
    lifecycle = RoundLifecycle.from_app(app)
    assert lifecycle.mute_reminders(2001, SLUG) is True
    [queued] = reminders_by_user(app, ids(app).second)[2001]
    assert (queued.status, queued.last_error) == ("failed", "cancelled: muted")
    run_until(planner, clock, utc(2027, 3, 30, 0, 0))
    assert len(reminders_by_user(app, ids(app).second)[2001]) == 1
    assert lifecycle.mute_reminders(9999, SLUG) is False


def test_people_who_joined_after_a_reminder_time_are_not_reminded_at_once(
    app: App, clock
) -> None:
    import_rounds(app, OPENS, CLOSES)
    planner = planner_for(app)
    run_until(planner, clock, utc(2027, 3, 26, 12, 30))  # just after the P3D reminder
    add_person(app, 2001, round_key="second")
    planner_for(app).run_due(clock.now)  # a restarted scheduler runs the slot again
    assert reminders_by_user(app, ids(app).second) == {}
    run_until(planner, clock, utc(2027, 3, 30, 0, 0))
    assert len(reminders_by_user(app, ids(app).second)[2001]) == 1  # the P1D one

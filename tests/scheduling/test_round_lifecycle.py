"""Officers open, close and schedule rounds; each change is audited and safe to repeat."""

from __future__ import annotations

import pytest
from scheduling_testkit import (
    SLUG,
    add_person,
    audit_actions,
    ids,
    import_rounds,
    london,
    outbox,
    planner_for,
    round_state,
    run_until,
    utc,
)

from bot.bootstrap import App
from bot.scheduling import RoundLifecycle, RoundNotFound, parse_local
from bot.services.consultations import ConsultationNotFound

OPENS = london(2027, 3, 15, 9, 0)
CLOSES = london(2027, 3, 29, 12, 0)


@pytest.fixture
def rounds(app: App) -> RoundLifecycle:
    import_rounds(app, OPENS, CLOSES)
    for user in (1001, 1002):
        add_person(app, user, round_key="first", status="finished")
    return RoundLifecycle.from_app(app)


def test_an_officer_opens_a_round_early_and_the_scheduler_does_not_open_it_again(
    app: App, clock, rounds: RoundLifecycle
) -> None:
    change = rounds.open_round(SLUG, "second", clock.now, actor=42)
    assert (change.changed, change.queued, change.opens_at) == (True, 2, clock.now)
    assert rounds.open_round(SLUG, "second", clock.now).changed is False
    run_until(planner_for(app), clock, utc(2027, 3, 16, 10, 0))
    assert len(outbox(app)) == 2
    opened = [(a, d) for a, d in audit_actions(app) if a == "round.opened"]
    assert opened == [("round.opened", {"slug": SLUG, "round": "second", "by": "officer",
                                        "notices": 2})]


def test_a_round_opened_in_quiet_hours_sends_its_notices_in_the_morning(
    app: App, clock, rounds: RoundLifecycle
) -> None:
    clock.now = london(2027, 3, 12, 23, 15)
    rounds.open_round(SLUG, "second", clock.now)
    assert {row.not_before for row in outbox(app)} == {london(2027, 3, 13, 8, 0)}


def test_closing_cancels_what_was_not_sent_and_stops_later_alarms(
    app: App, clock, rounds: RoundLifecycle
) -> None:
    rounds.open_round(SLUG, "second", clock.now)
    change = rounds.close_round(SLUG, "second", clock.now, actor=42)
    assert (change.changed, change.cancelled, change.closes_at) == (True, 2, clock.now)
    assert {(r.status, r.last_error) for r in outbox(app)} == {
        ("failed", "cancelled: the round closed")
    }
    assert rounds.close_round(SLUG, "second", clock.now).changed is False
    assert round_state(app, ids(app).second) == "closed"
    assert planner_for(app).plan(clock.now) == []  # round one has no times of its own


def test_closing_a_round_that_never_opened_leaves_no_future_opening(
    app: App, clock, rounds: RoundLifecycle
) -> None:
    change = rounds.close_round(SLUG, "second", clock.now)
    assert change.opens_at is None and change.closes_at == clock.now
    run_until(planner_for(app), clock, utc(2027, 4, 1, 0, 0))
    assert round_state(app, ids(app).second) == "closed" and outbox(app) == []


def test_a_closed_round_scheduled_again_reopens_then_without_repeating_notices(
    app: App, clock, rounds: RoundLifecycle
) -> None:
    rounds.open_round(SLUG, "second", clock.now)
    rounds.close_round(SLUG, "second", clock.now)
    add_person(app, 1003, round_key="first", status="finished")
    opens = parse_local("2027-04-05 09:00", app.settings.zone)
    closes = parse_local("2027-04-19 17:00", app.settings.zone)
    change = rounds.schedule_round(SLUG, "second", opens, closes, clock.now, actor=42)
    assert (opens, closes) == (utc(2027, 4, 5, 8, 0), utc(2027, 4, 19, 16, 0))
    assert change.changed and round_state(app, ids(app).second) == "scheduled"
    run_until(planner_for(app), clock, utc(2027, 4, 6, 0, 0))
    assert round_state(app, ids(app).second) == "open"
    notices = [(r.chat_id, r.status) for r in outbox(app)]
    assert notices == [(1001, "failed"), (1002, "failed"), (1003, "pending")]
    scheduled = [d for a, d in audit_actions(app) if a == "round.scheduled"]
    assert scheduled[0]["opens"] == "2027-04-05T08:00:00+00:00"


def test_scheduling_a_later_opening_takes_an_open_round_offline_until_then(
    app: App, clock, rounds: RoundLifecycle
) -> None:
    rounds.open_round(SLUG, "second", clock.now)
    rounds.schedule_round(SLUG, "second", utc(2027, 3, 20, 9), utc(2027, 3, 30, 9), clock.now)
    assert round_state(app, ids(app).second) == "scheduled"


def test_impossible_schedules_and_unknown_rounds_are_refused(
    clock, rounds: RoundLifecycle
) -> None:
    with pytest.raises(ValueError, match="close after it opens"):
        rounds.schedule_round(SLUG, "second", utc(2027, 4, 2), utc(2027, 4, 1), clock.now)
    with pytest.raises(ValueError, match="passed already"):
        rounds.schedule_round(SLUG, "second", None, utc(2027, 3, 1), clock.now)
    with pytest.raises(RoundNotFound):
        rounds.open_round(SLUG, "third", clock.now)
    with pytest.raises(ConsultationNotFound):
        rounds.close_round("no-such-thing", "second", clock.now)

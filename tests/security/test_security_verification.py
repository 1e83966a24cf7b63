"""Verifying admin codes: each step once (req 1), replays refused and reported (req 2),
throttle, lockout and hourly cap (req 4), one reply for every failure (req 5)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from security_testkit import (
    ADMIN,
    OFFICER,
    OTHER_ADMIN,
    STRANGER,
    Clock,
    Device,
    UowFactory,
    enrol,
)
from sqlalchemy import Engine, text

from bot.security import throttling, totp
from bot.services.admin import AdminService, Check, Outcome, Verification
from bot.services.roles import RoleService

Admin = tuple[AdminService, RoleService, Clock]


@pytest.fixture
def device(admins: AdminService, roles: RoleService, clock: Clock) -> Device:
    return enrol(admins, roles, ADMIN, clock)[0]


def failures(new_uow: UowFactory, user_id: int = ADMIN) -> int:
    with new_uow() as uow:
        row = uow.credentials.get(user_id)
        assert row is not None
        return row.failures


def audit_actions(new_uow: UowFactory) -> list[str]:
    with new_uow() as uow:
        return [row.action for row in reversed(uow.audit.latest(1000))]


def fail_times(admins: AdminService, device: Device, clock: Clock, n: int) -> None:
    """n consecutive wrong codes, each after the back-off of the one before."""
    for i in range(n):
        if i:
            clock.advance(throttling.backoff(i).total_seconds())
        assert admins.verify(ADMIN, device.wrong_code(clock()), clock()).check is Check.WRONG


# --- req 1 and 2: a code is accepted once ---------------------------------------------


def test_req01_a_code_is_accepted_once(admins: AdminService, device: Device, clock: Clock) -> None:
    code = device.code(clock())

    first = admins.verify(ADMIN, code, clock())
    second = admins.verify(ADMIN, code, clock() + timedelta(seconds=5))

    assert first.check is Check.ACCEPTED
    assert second.check is Check.REPLAYED
    assert second.outcome is Outcome.REFUSED


def test_req01_a_code_is_refused_again_even_in_the_next_step(
    admins: AdminService, device: Device, clock: Clock
) -> None:
    code = device.code(clock())
    assert admins.verify(ADMIN, code, clock()).accepted

    # still inside the drift window one step later, but its step is used up
    assert admins.verify(ADMIN, code, clock.advance(totp.STEP_SECONDS)).check is Check.REPLAYED


def test_req01_an_earlier_step_inside_the_window_after_a_later_one_is_refused(
    admins: AdminService, device: Device, clock: Clock
) -> None:
    now = clock()
    earlier = device.code(now - timedelta(seconds=totp.STEP_SECONDS))
    later = device.code(now + timedelta(seconds=totp.STEP_SECONDS))

    assert admins.verify(ADMIN, later, now).accepted
    assert admins.verify(ADMIN, earlier, now).check is Check.REPLAYED
    after_backoff = clock.advance(1)
    assert admins.verify(ADMIN, device.code(now), after_backoff).check is Check.REPLAYED


def test_req01_a_later_step_is_accepted_after_an_earlier_one(
    admins: AdminService, device: Device, clock: Clock
) -> None:
    now = clock.advance(totp.STEP_SECONDS)  # the step before is not the enrolment's
    assert admins.verify(ADMIN, device.code(now - timedelta(seconds=30)), now).accepted
    assert admins.verify(ADMIN, device.code(now), now).accepted


def test_req01_the_step_is_advanced_by_a_conditional_update(new_uow: UowFactory) -> None:
    with new_uow() as uow:
        uow.credentials.create(ADMIN)
        assert uow.credentials.advance_step(ADMIN, 100)
        assert not uow.credentials.advance_step(ADMIN, 100)
        assert not uow.credentials.advance_step(ADMIN, 99)
        assert uow.credentials.advance_step(ADMIN, 101)
        assert not uow.credentials.advance_step(STRANGER, 500)
        uow.commit()


def test_req01_two_connections_advancing_one_step_give_one_success(
    new_uow: UowFactory,
) -> None:
    """Without any row lock taken first: the UPDATE's WHERE alone decides."""
    with new_uow() as uow:
        uow.credentials.create(ADMIN)
        uow.commit()
    first_updated = threading.Event()
    results: dict[str, bool] = {}

    def second() -> None:
        with new_uow() as uow:
            results["second"] = uow.credentials.advance_step(ADMIN, 42)
            uow.commit()

    with new_uow() as uow:
        results["first"] = uow.credentials.advance_step(ADMIN, 42)
        first_updated.set()
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.3)  # the second UPDATE waits for this transaction
        uow.commit()
    thread.join(10)

    assert results == {"first": True, "second": False}


def run_together(n: int, action: Callable[[], Verification]) -> list[Verification]:
    barrier = threading.Barrier(n)
    results: list[Verification] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        result = action()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_req01_two_concurrent_uses_of_one_code_give_one_success(
    admins: AdminService, device: Device, clock: Clock, backend: str
) -> None:
    """Threads on separate connections (PostgreSQL row locks; SQLite BEGIN IMMEDIATE)."""
    for _ in range(5):
        now = clock.advance(totp.STEP_SECONDS)
        code = device.code(now)

        results = run_together(2, lambda code=code, now=now: admins.verify(ADMIN, code, now))

        assert sorted(result.check for result in results) == [Check.ACCEPTED, Check.REPLAYED]


def test_req01_many_concurrent_uses_of_one_code_give_one_success(
    admins: AdminService, device: Device, clock: Clock
) -> None:
    now = clock.advance(totp.STEP_SECONDS)
    code = device.code(now)

    results = run_together(6, lambda: admins.verify(ADMIN, code, now))

    checks = [result.check for result in results]
    assert checks.count(Check.ACCEPTED) == 1
    # the first loser is a replay; the rest are then also held off by the back-off
    assert set(checks) - {Check.ACCEPTED} <= {Check.REPLAYED, Check.THROTTLED}
    assert Check.REPLAYED in checks


def test_req02_a_replay_is_audited_without_the_code_and_raises_an_alert(
    admins: AdminService, device: Device, clock: Clock, new_uow: UowFactory
) -> None:
    code = device.code(clock())
    assert not admins.verify(ADMIN, code, clock()).alert

    replay = admins.verify(ADMIN, code, clock())

    assert replay.alert and replay.outcome is Outcome.REFUSED
    with new_uow() as uow:
        entry = uow.audit.latest(1)[0]
        assert uow.audit.verify() is None
    assert (entry.action, entry.actor) == ("admin.code_replayed", ADMIN)
    assert code not in str(entry.detail)
    assert not admins.verify(ADMIN, device.wrong_code(clock.advance(5)), clock()).alert


# --- req 4: throttle, lockout, hourly cap -------------------------------------------


def test_req04_backoff_doubles_after_each_consecutive_failure() -> None:
    waits = [throttling.backoff(n).total_seconds() for n in range(1, 11)]
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]


def test_req04_a_right_code_is_refused_during_the_backoff(
    admins: AdminService, device: Device, clock: Clock, new_uow: UowFactory
) -> None:
    fail_times(admins, device, clock, 3)  # the third failure asks for 4 s
    right_code = device.code(clock())

    waited = admins.verify(ADMIN, right_code, clock.advance(3.999))

    assert waited.check is Check.THROTTLED
    assert failures(new_uow) == 3  # refused unchecked: not counted
    assert admins.verify(ADMIN, right_code, clock.advance(0.001)).check is Check.ACCEPTED
    assert failures(new_uow) == 0


def test_req04_one_failure_asks_for_one_second(
    admins: AdminService, device: Device, clock: Clock
) -> None:
    fail_times(admins, device, clock, 1)
    assert admins.verify(ADMIN, device.code(clock()), clock.advance(0.5)).check is Check.THROTTLED
    assert admins.verify(ADMIN, device.code(clock()), clock.advance(0.5)).accepted


def test_req04_ten_consecutive_failures_lock_until_another_admin_unlocks(
    admins: AdminService, roles: RoleService, device: Device, clock: Clock, new_uow: UowFactory
) -> None:
    other = enrol(admins, roles, OTHER_ADMIN, clock)[0]
    fail_times(admins, device, clock, throttling.LOCK_AFTER)
    assert audit_actions(new_uow)[-1] == "admin.locked"

    a_day_later = clock.advance(days=1)
    assert admins.verify(ADMIN, device.code(a_day_later), a_day_later).check is Check.LOCKED
    with pytest.raises(PermissionError):
        admins.unlock(ADMIN, clock(), by=ADMIN)  # not by themselves
    assert admins.verify(OTHER_ADMIN, other.code(clock()), clock()).accepted
    assert admins.unlock(ADMIN, clock(), by=OTHER_ADMIN)

    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted
    assert audit_actions(new_uow)[-2:] == ["admin.unlocked", "admin.verified"]


def test_req04_a_lock_ends_the_session(admins: AdminService, device: Device, clock: Clock) -> None:
    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted
    clock.advance(30)
    fail_times(admins, device, clock, throttling.LOCK_AFTER)

    assert not admins.session(ADMIN, clock()).active(clock())


def test_req04_the_command_line_unlocks(admins: AdminService, device: Device, clock: Clock) -> None:
    fail_times(admins, device, clock, throttling.LOCK_AFTER)

    assert admins.unlock(ADMIN, clock())

    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted


def test_req04_at_most_100_failures_an_hour(
    admins: AdminService, device: Device, clock: Clock, new_uow: UowFactory
) -> None:
    """Unlocks reset the consecutive count, not the hourly one."""
    start = clock()
    with new_uow() as uow:
        for i in range(throttling.HOURLY_LIMIT):
            uow.credentials.record_failure(ADMIN, start + timedelta(seconds=30 * i))
        uow.credentials.unlock(ADMIN)
        uow.commit()
    clock.advance(30 * throttling.HOURLY_LIMIT)  # 50 minutes: all 100 inside the hour

    assert admins.verify(ADMIN, device.code(clock()), clock()).check is Check.RATE_LIMITED
    clock.advance(minutes=11)  # the oldest failures leave the window
    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted


# --- req 5: one reply for every failure ---------------------------------------------


def test_req05_every_kind_of_failure_gets_the_same_reply(
    admins: AdminService, roles: RoleService, device: Device, clock: Clock, new_uow: UowFactory
) -> None:
    roles.grant(OFFICER, "officer", clock())
    roles.grant(OTHER_ADMIN, "admin", clock())  # not enrolled
    results: dict[Check, Verification] = {}

    def record(result: Verification) -> None:
        results[result.check] = result

    now = clock()
    record(admins.verify(STRANGER, device.code(now), now))
    record(admins.verify(OFFICER, device.code(now), now))  # officers enrol too: not enrolled
    record(admins.verify(OTHER_ADMIN, device.code(now), now))
    record(admins.verify(ADMIN, "12 34 56", now))
    record(admins.verify(ADMIN, device.wrong_code(clock.advance(1)), clock()))
    record(admins.verify(ADMIN, device.code(clock()), clock()))  # throttled
    clock.advance(60)
    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted
    record(admins.verify(ADMIN, device.code(clock()), clock()))  # replayed
    clock.advance(60)
    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted  # failures reset
    fail_times(admins, device, clock, throttling.LOCK_AFTER)
    record(admins.verify(ADMIN, device.code(clock.advance(60)), clock()))  # locked
    with new_uow() as uow:
        for _ in range(throttling.HOURLY_LIMIT):
            uow.credentials.record_failure(ADMIN, clock())
        uow.credentials.unlock(ADMIN)
        uow.commit()
    record(admins.verify(ADMIN, device.code(clock.advance(60)), clock()))  # rate limited

    assert set(results) == {
        Check.UNKNOWN_USER,
        Check.NOT_ENROLLED,
        Check.MALFORMED,
        Check.WRONG,
        Check.THROTTLED,
        Check.REPLAYED,
        Check.LOCKED,
        Check.RATE_LIMITED,
    }
    assert {result.outcome for result in results.values()} == {Outcome.REFUSED}
    assert {result.accepted for result in results.values()} == {False}


def test_req05_unknown_users_leave_no_trace(
    admins: AdminService, clock: Clock, engine: Engine
) -> None:
    assert admins.verify(STRANGER, "123456", clock()).outcome is Outcome.REFUSED
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM admin_credential")).scalar()
    assert rows == 0

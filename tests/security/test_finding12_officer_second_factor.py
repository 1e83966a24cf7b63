"""Finding 12, in the services: officers use the admins' second factor, unchanged. One
device per person, each step accepted once (also under concurrency), back-off and lockout,
audited as officer events; admin powers stay admin-only; sessions end 12 hours after
their code however busy the person is (admins too: the same session)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from security_testkit import ADMIN, OFFICER, Clock, Device, UowFactory, enrol
from sqlmodel import col, select

from bot.security import throttling, totp
from bot.security.admin_sessions import IDLE, SESSION_LIFETIME, AdminSession
from bot.services.admin import AdminService, Check, Verification
from bot.services.admin_guard import (
    EnrolmentRequired,
    NotAuthorised,
    StepUpRequired,
    require_admin,
    require_fresh_staff,
    require_staff,
)
from bot.services.roles import RoleService
from storage import AuditLogRow


@pytest.fixture
def officer(admins: AdminService, roles: RoleService, clock: Clock) -> Device:
    return enrol(admins, roles, OFFICER, clock, role="officer")[0]


def actions(new_uow: UowFactory) -> list[str]:
    with new_uow() as uow:
        rows = uow.session.exec(select(AuditLogRow).order_by(col(AuditLogRow.id)))
        return [row.action for row in rows]


def test_finding12_an_officer_enrols_and_each_code_works_once(
    admins: AdminService, officer: Device, clock: Clock, new_uow: UowFactory
) -> None:
    code = officer.code(clock())
    assert admins.verify(OFFICER, code, clock()).accepted
    replayed = admins.verify(OFFICER, code, clock())
    assert replayed.check is Check.REPLAYED and replayed.alert
    assert actions(new_uow)[-4:] == [
        "officer.enrolled", "officer.verified", "officer.verified", "officer.code_replayed",
    ]


def test_finding12_two_concurrent_uses_of_an_officer_code_give_one_success(
    admins: AdminService, officer: Device, clock: Clock
) -> None:
    now = clock.advance(totp.STEP_SECONDS)
    code = officer.code(now)
    barrier = threading.Barrier(2)
    results: list[Verification] = []

    def use() -> None:
        barrier.wait()
        results.append(admins.verify(OFFICER, code, now))

    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(r.check for r in results) == [Check.ACCEPTED, Check.REPLAYED]


def test_finding12_an_officer_is_locked_after_ten_wrong_codes_until_an_admin_unlocks(
    admins: AdminService, roles: RoleService, officer: Device, clock: Clock,
    new_uow: UowFactory,
) -> None:
    for i in range(throttling.LOCK_AFTER):
        if i:
            clock.advance(throttling.backoff(i).total_seconds())
        assert admins.verify(OFFICER, officer.wrong_code(clock()), clock()).check is Check.WRONG
    clock.advance(60)
    assert admins.verify(OFFICER, officer.code(clock()), clock()).check is Check.LOCKED
    assert "officer.locked" in actions(new_uow)
    with new_uow() as uow, pytest.raises(NotAuthorised):
        require_staff(uow, OFFICER, clock())

    admin_device, _ = enrol(admins, roles, ADMIN, clock)
    assert admins.verify(ADMIN, admin_device.code(clock()), clock()).accepted
    assert admins.unlock(OFFICER, clock(), by=ADMIN)
    assert admins.verify(OFFICER, officer.code(clock()), clock()).accepted


def test_finding12_officer_actions_need_a_session_and_protected_ones_a_fresh_code(
    admins: AdminService, roles: RoleService, officer: Device, clock: Clock,
    new_uow: UowFactory,
) -> None:
    assert admins.verify(OFFICER, officer.code(clock()), clock()).accepted
    with new_uow() as uow:
        require_fresh_staff(uow, OFFICER, clock())
        with pytest.raises(NotAuthorised):
            require_admin(uow, OFFICER, clock())  # admin powers stay admin-only
    clock.advance(minutes=6)
    with new_uow() as uow:
        require_staff(uow, OFFICER, clock())
        with pytest.raises(StepUpRequired):
            require_fresh_staff(uow, OFFICER, clock())
    roles.grant(OFFICER + 10, "officer", clock())
    with new_uow() as uow, pytest.raises(EnrolmentRequired):
        require_staff(uow, OFFICER + 10, clock())


def test_finding12_officer_session_expires_after_12_hours(
    admins: AdminService, officer: Device, clock: Clock, new_uow: UowFactory
) -> None:
    verified_at = clock()
    assert admins.verify(OFFICER, officer.code(verified_at), verified_at).accepted
    step = IDLE - timedelta(minutes=1)
    while clock() + step <= verified_at + SESSION_LIFETIME:
        clock.advance(step.total_seconds())
        with new_uow() as uow:
            require_staff(uow, OFFICER, clock())  # busy: never idle
            uow.commit()
    clock.advance(step.total_seconds())
    with new_uow() as uow, pytest.raises(StepUpRequired):
        require_staff(uow, OFFICER, clock())


def test_finding12_a_session_lives_12_hours_from_its_code() -> None:
    start = Clock().now
    session = AdminSession(1, verified_at=start, seen_at=start + SESSION_LIFETIME)
    assert SESSION_LIFETIME.total_seconds() == 12 * 3600
    assert session.active(start + SESSION_LIFETIME)
    assert not session.active(start + SESSION_LIFETIME + timedelta(seconds=1))


def test_finding12_revoking_the_officer_role_forgets_the_device_unless_still_admin(
    admins: AdminService, roles: RoleService, officer: Device, clock: Clock,
    new_uow: UowFactory,
) -> None:
    assert roles.revoke(OFFICER, "officer", clock())
    with new_uow() as uow:
        assert uow.credentials.get(OFFICER) is None
    enrol(admins, roles, ADMIN, clock)
    roles.grant(ADMIN, "officer", clock())
    assert roles.revoke(ADMIN, "officer", clock())
    with new_uow() as uow:
        assert uow.credentials.get(ADMIN) is not None, "the admin keeps their device"

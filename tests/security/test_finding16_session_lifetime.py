"""Finding 16: an admin session ends 12 hours after its code, however busy it stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from security_testkit import ADMIN, Clock, UowFactory, enrol

from bot.services.admin import AdminService
from bot.services.admin_guard import StepUpRequired, require_admin
from bot.services.roles import RoleService

BUSY = timedelta(minutes=14)  # never idle long enough to time out


def test_finding16_an_admin_session_has_an_absolute_lifetime_of_twelve_hours(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    opened = clock()
    assert admins.verify(ADMIN, device.code(opened), opened).accepted

    while clock() + BUSY <= opened + timedelta(hours=12):
        clock.advance(BUSY.total_seconds())
        with new_uow() as uow:
            require_admin(uow, ADMIN, clock())
            uow.commit()

    clock.advance(BUSY.total_seconds())  # 12 h 6 min of activity, never idle
    assert not admins.session(ADMIN, clock()).active(clock())
    with new_uow() as uow, pytest.raises(StepUpRequired):
        require_admin(uow, ADMIN, clock())

    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted  # a new code: a new day
    with new_uow() as uow:
        require_admin(uow, ADMIN, clock())


def test_finding16_the_lifetime_is_one_shared_constant() -> None:
    from bot.services.admin_guard import SESSION_LIFETIME

    assert timedelta(hours=12) == SESSION_LIFETIME

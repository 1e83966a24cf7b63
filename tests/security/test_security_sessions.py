"""Step-up and idle timeout (req 9), admins must enrol first, roles by numeric id (req 14)."""

from __future__ import annotations

import pytest
from security_testkit import ADMIN, OFFICER, OTHER_ADMIN, STRANGER, Clock, UowFactory, enrol

from bot.security.admin_sessions import IDLE, STEP_UP, AdminSession
from bot.services.admin import AdminService
from bot.services.admin_guard import (
    EnrolmentRequired,
    NotAuthorised,
    StepUpRequired,
    require_admin,
    require_fresh_admin,
)
from bot.services.roles import LastAdmin, RoleService


def test_req09_policy_is_five_minutes_for_step_up_and_fifteen_idle() -> None:
    assert (STEP_UP.total_seconds(), IDLE.total_seconds()) == (300, 900)


def test_req09_a_code_is_fresh_for_five_minutes(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    verified_at = clock()
    assert admins.verify(ADMIN, device.code(verified_at), verified_at).accepted

    with new_uow() as uow:
        require_fresh_admin(uow, ADMIN, verified_at + STEP_UP)
        uow.commit()
    clock.advance(STEP_UP.total_seconds() + 1)
    with new_uow() as uow, pytest.raises(StepUpRequired):
        require_fresh_admin(uow, ADMIN, clock())
    with new_uow() as uow:
        require_admin(uow, ADMIN, clock())  # still signed in: only step-up is stale

    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted
    with new_uow() as uow:
        require_fresh_admin(uow, ADMIN, clock())


def test_req09_the_session_ends_after_fifteen_idle_minutes(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted

    for _ in range(3):  # activity keeps it alive beyond 15 minutes in all
        clock.advance(IDLE.total_seconds() - 60)
        with new_uow() as uow:
            require_admin(uow, ADMIN, clock())
            uow.commit()
    assert admins.session(ADMIN, clock()).active(clock())

    clock.advance(IDLE.total_seconds() + 1)
    assert not admins.session(ADMIN, clock()).active(clock())
    with new_uow() as uow, pytest.raises(StepUpRequired):
        require_admin(uow, ADMIN, clock())


def test_req09_signing_out_ends_the_session(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    enrol(admins, roles, ADMIN, clock)
    assert admins.session(ADMIN, clock()).fresh(clock())
    admins.end_session(ADMIN, clock())
    assert not admins.session(ADMIN, clock()).active(clock())


def test_req09_session_rules_without_a_database(clock: Clock) -> None:
    now = clock()
    never = AdminSession(ADMIN, None, None)
    assert not never.active(now) and not never.fresh(now)
    session = AdminSession(ADMIN, verified_at=now - STEP_UP, seen_at=now - IDLE)
    assert session.active(now) and session.fresh(now)


def test_req09_granting_roles_needs_a_fresh_code(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    clock.advance(STEP_UP.total_seconds() + 1)
    with pytest.raises(StepUpRequired):
        roles.grant(OFFICER, "officer", clock(), by=ADMIN)

    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted
    assert roles.grant(OFFICER, "officer", clock(), by=ADMIN)
    assert roles.has_role(OFFICER, "officer")


def test_a_new_admin_must_enrol_before_any_admin_command_works(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    roles.grant(ADMIN, "admin", clock())
    with new_uow() as uow, pytest.raises(EnrolmentRequired):
        require_admin(uow, ADMIN, clock())
    with pytest.raises(EnrolmentRequired):
        roles.list(clock(), by=ADMIN)


def test_req14_officers_and_strangers_are_not_admins(
    roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    roles.grant(OFFICER, "officer", clock())
    for user_id in (OFFICER, STRANGER):
        with new_uow() as uow, pytest.raises(NotAuthorised) as refused:
            require_fresh_admin(uow, user_id, clock())
        assert not isinstance(refused.value, StepUpRequired)


def test_req14_roles_are_held_by_64_bit_user_ids(roles: RoleService, clock: Clock) -> None:
    big = 2**62 + 7
    roles.grant(big, "officer", clock())
    assert roles.roles_of(big) == {"officer"}
    assert not roles.has_role(big + 1, "officer")


def test_roles_are_granted_revoked_listed_and_audited(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    assert roles.grant(OFFICER, "officer", clock())
    assert not roles.grant(OFFICER, "officer", clock())
    assert roles.grant(OFFICER, "admin", clock())
    assert roles.roles_of(OFFICER) == {"officer", "admin"}

    listed = roles.list(clock())
    assert [(g.user_id, g.role, g.granted_by) for g in listed] == [
        (OFFICER, "admin", None),
        (OFFICER, "officer", None),
    ]
    assert roles.revoke(OFFICER, "officer", clock())
    assert not roles.revoke(OFFICER, "officer", clock())
    with pytest.raises(ValueError, match="unknown role"):
        roles.grant(OFFICER, "superuser", clock())

    with new_uow() as uow:
        entries = list(reversed(uow.audit.latest(10)))
        assert uow.audit.verify() is None
    assert [(e.action, e.detail["role"]) for e in entries] == [
        ("role.granted", "officer"),
        ("role.granted", "admin"),
        ("role.revoked", "officer"),
    ]


def test_revoking_admin_removes_the_device_and_recovery_codes(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    enrol(admins, roles, ADMIN, clock)
    assert roles.revoke(ADMIN, "admin", clock())
    with new_uow() as uow:
        assert uow.credentials.get(ADMIN) is None
        assert uow.recovery_codes.remaining(ADMIN) == 0
    roles.grant(ADMIN, "admin", clock())
    with new_uow() as uow, pytest.raises(EnrolmentRequired):
        require_admin(uow, ADMIN, clock())


def test_the_chat_cannot_remove_the_last_admin(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    enrol(admins, roles, ADMIN, clock)
    with pytest.raises(LastAdmin):
        roles.revoke(ADMIN, "admin", clock(), by=ADMIN)
    enrol(admins, roles, OTHER_ADMIN, clock)
    assert roles.revoke(OTHER_ADMIN, "admin", clock(), by=ADMIN)


def test_admin_ids_from_settings_become_admins_once(
    roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    assert roles.ensure_admins([ADMIN, OTHER_ADMIN], clock()) == [ADMIN, OTHER_ADMIN]
    assert roles.ensure_admins([ADMIN, OTHER_ADMIN], clock()) == []
    with new_uow() as uow:
        entries = uow.audit.latest(10)
    assert {e.detail["via"] for e in entries} == {"COPRO_ADMIN_IDS"}
    assert len(entries) == 2

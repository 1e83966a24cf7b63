"""Finding 2: COPRO_ADMIN_IDS seeds admins only while none exists; a revocation wins."""

from __future__ import annotations

from security_testkit import ADMIN, OTHER_ADMIN, SECRET_KEY, Clock, UowFactory, enrol

from bot.bootstrap import bootstrap
from bot.services.admin import AdminService
from bot.services.roles import RoleService
from config.settings import Settings


def restart(database_url: str, *admin_ids: int) -> RoleService:
    """What a process does when it starts with COPRO_ADMIN_IDS set."""
    settings = Settings(database_url=database_url, secret_key=SECRET_KEY,
                        admin_ids=list(admin_ids))
    app = bootstrap(settings)
    roles = app.roles
    app.database.dispose()
    return roles


def test_finding02_an_admin_revoked_in_chat_stays_revoked_after_a_restart(
    admins: AdminService, roles: RoleService, clock: Clock, database_url: str
) -> None:
    assert roles.ensure_admins([ADMIN, OTHER_ADMIN], clock()) == [ADMIN, OTHER_ADMIN]
    enrol(admins, roles, ADMIN, clock)
    assert roles.revoke(OTHER_ADMIN, "admin", clock(), by=ADMIN)

    restart(database_url, ADMIN, OTHER_ADMIN)
    assert not roles.has_role(OTHER_ADMIN, "admin")


def test_finding02_a_revocation_wins_even_when_no_admin_is_left(
    roles: RoleService, clock: Clock, database_url: str, new_uow: UowFactory
) -> None:
    roles.ensure_admins([ADMIN], clock())
    assert roles.revoke(ADMIN, "admin", clock())  # the command line may remove the last

    restart(database_url, ADMIN, OTHER_ADMIN)
    assert not roles.has_role(ADMIN, "admin")
    assert roles.has_role(OTHER_ADMIN, "admin")  # never revoked: the way back in


def test_finding02_admin_ids_add_nobody_once_an_admin_exists(
    roles: RoleService, clock: Clock
) -> None:
    roles.grant(ADMIN, "admin", clock())
    assert roles.ensure_admins([OTHER_ADMIN], clock()) == []
    assert not roles.has_role(OTHER_ADMIN, "admin")

"""Staff roles (officer, admin) by Telegram user id: grant, revoke, check, list; all audited.

`by=None` means the command line, which is trusted (it holds the database). A user id in
`by` must be an admin with a code from the last 5 minutes (StepUpRequired otherwise).
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.security.log_pseudonyms import person_in_logs
from bot.services.admin_guard import ADMIN, NotAuthorised, require_admin, require_fresh_admin
from bot.services.admin_ports import SecurityUnitOfWork, SecurityUnitOfWorkFactory

OFFICER = "officer"
ROLES = (OFFICER, ADMIN)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaffRole:
    user_id: int
    role: str
    granted_by: int | None
    granted_at: datetime


class LastAdmin(NotAuthorised):
    """The chat cannot remove the last admin (the command line still can)."""


class RoleService:
    """Who is an officer or an admin."""

    def __init__(self, unit_of_work: SecurityUnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def grant(self, user_id: int, role: str, now: datetime, by: int | None = None) -> bool:
        """Give `role`; False if already held. A new admin must enrol before acting."""
        _known(role)
        with self._uow() as uow:
            if by is not None:
                require_fresh_admin(uow, by, now)
            granted = grant_role(uow, user_id, role, now, by)
            uow.commit()
        return granted

    def revoke(self, user_id: int, role: str, now: datetime, by: int | None = None) -> bool:
        """Take `role` away; the device and recovery codes go with the admin role, or with the
        last staff role (an officer's)."""
        _known(role)
        with self._uow() as uow:
            if by is not None:
                require_fresh_admin(uow, by, now)
                if role == ADMIN and _is_last_admin(uow, user_id):
                    raise LastAdmin("the last admin cannot be removed in the chat")
            revoked = bool(uow.roles.revoke(user_id, role))
            if revoked:
                if role == ADMIN or not uow.roles.roles_of(user_id):
                    uow.credentials.delete(user_id)
                detail = {"user": user_id, "role": role, "via": _via(by)}
                uow.audit.append(by, "role.revoked", detail, now)
                logger.info("role.revoked", extra={"role": role, "staff": person_in_logs(user_id)})
            uow.commit()
        return revoked

    def has_role(self, user_id: int, role: str) -> bool:
        """Whether the user holds exactly this role."""
        with self._uow() as uow:
            return bool(uow.roles.has(user_id, role))

    def roles_of(self, user_id: int) -> frozenset[str]:
        """Every role the user holds (empty for a participant)."""
        with self._uow() as uow:
            return frozenset(uow.roles.roles_of(user_id))

    def list(self, now: datetime, by: int | None = None) -> list[StaffRole]:
        """Every grant; in the chat, for an admin with an active session."""
        with self._uow() as uow:
            if by is not None:
                require_admin(uow, by, now)
            rows = uow.roles.all()
            uow.commit()
        return [StaffRole(r.telegram_user_id, r.role, r.granted_by, r.granted_at) for r in rows]

    def ensure_admins(self, user_ids: Iterable[int], now: datetime) -> builtins.list[int]:
        """Seed admins from COPRO_ADMIN_IDS at start; returns those newly made.

        Only while no admin exists (the first admin, or a way back in when every admin is
        gone), and never one whose admin role was revoked: the audit log keeps that record,
        so a revocation outlives restarts and the setting cannot undo it.
        """
        with self._uow() as uow:
            if uow.roles.all(ADMIN):
                return []
            revoked = uow.audit.revoked(ADMIN)
            added = [
                user_id
                for user_id in dict.fromkeys(user_ids)
                if user_id not in revoked
                and grant_role(uow, user_id, ADMIN, now, None, via="COPRO_ADMIN_IDS")
            ]
            uow.commit()
        if refused := len(revoked.intersection(user_ids)):
            logger.warning("admins.seed_refused_revoked", extra={"count": refused})
        return added


def grant_role(
    uow: SecurityUnitOfWork,
    user_id: int,
    role: str,
    now: datetime,
    by: int | None,
    via: str | None = None,
) -> bool:
    """Grant inside the caller's transaction, with its audit entry."""
    _known(role)
    granted = bool(uow.roles.grant(user_id, role, by, now))
    if granted:
        detail = {"user": user_id, "role": role, "via": via or _via(by)}
        uow.audit.append(by, "role.granted", detail, now)
        logger.info("role.granted", extra={"role": role, "staff": person_in_logs(user_id)})
    return granted


def _known(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")


def _is_last_admin(uow: SecurityUnitOfWork, user_id: int) -> bool:
    admins = {row.telegram_user_id for row in uow.roles.all(ADMIN)}
    return admins == {user_id}


def _via(by: int | None) -> str:
    return "command line" if by is None else "chat"

"""Who may run an admin command now: an enrolled, unlocked admin with a live session.

Call these inside the caller's own unit of work, before the action, so the check and the
action share one transaction. Protected actions (erasing, exporting personal data,
granting roles, purging) need `require_fresh_admin`: a code no older than 5 minutes.
Officers share the same device, session and checks through `require_staff` and
`require_fresh_staff` (broadcasts, exports, uploads and round changes need a fresh code).
"""

from __future__ import annotations

from datetime import datetime

from bot.security.admin_sessions import SESSION_LIFETIME as SESSION_LIFETIME  # officers' too
from bot.security.admin_sessions import AdminSession
from bot.services.admin_ports import SecurityUnitOfWork

ADMIN = "admin"
OFFICER = "officer"
STAFF = frozenset({ADMIN, OFFICER})
"""Roles that have a second factor (an admin may do what an officer does)."""


class NotAuthorised(PermissionError):
    """The user may not do this (not an admin, or locked out)."""


class EnrolmentRequired(NotAuthorised):
    """An admin who has not yet confirmed a TOTP device (`/2fa` to enrol)."""


class StepUpRequired(NotAuthorised):
    """An admin who must send a fresh code first (session idle or code too old)."""


def admin_session(uow: SecurityUnitOfWork, user_id: int) -> AdminSession:
    """The admin's session as stored (never verified if they have no device)."""
    row = uow.credentials.get(user_id)
    if row is None:
        return AdminSession(user_id, None, None)
    return AdminSession(user_id, row.verified_at, row.seen_at)


def staff_role(uow: SecurityUnitOfWork, user_id: int) -> str:
    """'admin' or 'officer': what audit entries call this person's 2FA events."""
    return ADMIN if uow.roles.has(user_id, ADMIN) else OFFICER


def require_admin(
    uow: SecurityUnitOfWork, user_id: int, now: datetime, roles: frozenset[str] = frozenset({ADMIN})
) -> AdminSession:
    """An admin with an active session (a code in the last 12 hours, not idle 15 minutes);
    restarts the idle timer."""
    session = _checked_session(uow, user_id, roles)
    if not session.active(now):
        raise StepUpRequired("the admin session has ended; send a code")
    uow.credentials.touch(user_id, now)
    return session


def require_fresh_admin(
    uow: SecurityUnitOfWork, user_id: int, now: datetime, roles: frozenset[str] = frozenset({ADMIN})
) -> AdminSession:
    """An admin whose last good code is no older than 5 minutes (step-up)."""
    session = _checked_session(uow, user_id, roles)
    if not session.fresh(now):
        raise StepUpRequired("this action needs a code from the last 5 minutes")
    uow.credentials.touch(user_id, now)
    return session


def require_staff(uow: SecurityUnitOfWork, user_id: int, now: datetime) -> AdminSession:
    """An officer or admin with an active session (see `require_admin`)."""
    return require_admin(uow, user_id, now, STAFF)


def require_fresh_staff(uow: SecurityUnitOfWork, user_id: int, now: datetime) -> AdminSession:
    """An officer or admin with a code from the last 5 minutes (see `require_fresh_admin`)."""
    return require_fresh_admin(uow, user_id, now, STAFF)


def _checked_session(uow: SecurityUnitOfWork, user_id: int, roles: frozenset[str]) -> AdminSession:
    if not roles & uow.roles.roles_of(user_id):
        raise NotAuthorised("not an admin")
    row = uow.credentials.get(user_id)
    if row is None or row.confirmed_at is None or row.secret is None:
        raise EnrolmentRequired("the admin has not enrolled a TOTP device")
    if row.locked_at is not None:
        raise NotAuthorised("the admin is locked out")
    return AdminSession(user_id, row.verified_at, row.seen_at)

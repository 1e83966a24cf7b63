"""Store staff roles: who is an officer or an admin, by Telegram user id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, delete, select

from storage.dialects import insert
from storage.tables.security import STAFF_ROLES, StaffRoleRow


class RoleRepository:
    """Grant, revoke and look up roles; one row per user id and role."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def grant(self, user_id: int, role: str, granted_by: int | None, at: datetime) -> bool:
        """Give `role`; False if the user already had it (safe against a racing grant)."""
        if role not in STAFF_ROLES:
            raise ValueError(f"unknown role {role!r}")
        statement = (
            insert(self._session, StaffRoleRow)
            .values(telegram_user_id=user_id, role=role, granted_by=granted_by, granted_at=at)
            .on_conflict_do_nothing()
            # rowcount is -1 on PostgreSQL here (implicit RETURNING): ask for the new id
            .returning(StaffRoleRow.id)
        )
        return self._session.exec(statement).first() is not None

    def revoke(self, user_id: int, role: str) -> bool:
        """Take `role` away; False if the user did not have it."""
        statement = delete(StaffRoleRow).where(
            col(StaffRoleRow.telegram_user_id) == user_id, col(StaffRoleRow.role) == role
        )
        return int(self._session.exec(statement).rowcount) == 1

    def has(self, user_id: int, role: str) -> bool:
        """Whether the user holds `role`."""
        statement = select(StaffRoleRow.id).where(
            StaffRoleRow.telegram_user_id == user_id, StaffRoleRow.role == role
        )
        return self._session.exec(statement).first() is not None

    def roles_of(self, user_id: int) -> frozenset[str]:
        """Every role the user holds."""
        statement = select(StaffRoleRow.role).where(StaffRoleRow.telegram_user_id == user_id)
        return frozenset(self._session.exec(statement))

    def all(self, role: str | None = None) -> Sequence[StaffRoleRow]:
        """Every grant (of one role, if given), by user id then role."""
        statement = select(StaffRoleRow)
        if role is not None:
            statement = statement.where(StaffRoleRow.role == role)
        order = (col(StaffRoleRow.telegram_user_id), col(StaffRoleRow.role))
        return self._session.exec(statement.order_by(*order)).all()

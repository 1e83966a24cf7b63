"""Tables for staff roles and admin 2FA: sealed TOTP secrets, failures, recovery codes."""

# No `from __future__ import annotations`: SQLModel reads these annotations at class creation.

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables.base import UtcDateTime, utc_now

STAFF_ROLES = ("officer", "admin")


class StaffRoleRow(SQLModel, table=True):
    """A role granted to a Telegram user id (never a username)."""

    __tablename__ = "staff_role"
    __table_args__ = (
        UniqueConstraint("telegram_user_id", "role"),
        CheckConstraint("role IN ('officer', 'admin')", name="role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger)
    role: str = Field(max_length=16)
    granted_by: int | None = Field(default=None, sa_type=BigInteger)
    granted_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class AdminCredentialRow(SQLModel, table=True):
    """An admin's TOTP device and 2FA state; secrets are sealed (AES-GCM), never in clear.

    `last_step` is the last accepted 30-second step: a code is accepted only for a later one.
    """

    __tablename__ = "admin_credential"

    telegram_user_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    secret: str | None = Field(default=None, sa_type=Text)
    confirmed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    pending_secret: str | None = Field(default=None, sa_type=Text)
    pending_since: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_step: int | None = Field(default=None, sa_type=BigInteger)
    failures: int = 0
    last_failure_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    locked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    verified_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    seen_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AdminFailureRow(SQLModel, table=True):
    """One failed 2FA attempt, kept for an hour to cap failures per account and hour."""

    __tablename__ = "admin_failure"
    __table_args__ = (Index("ix_admin_failure_telegram_user_id_at", "telegram_user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger)
    at: datetime = Field(sa_type=UtcDateTime)


class RecoveryCodeRow(SQLModel, table=True):
    """The sha256 of one unused recovery code; using the code deletes the row."""

    __tablename__ = "recovery_code"
    __table_args__ = (UniqueConstraint("telegram_user_id", "code_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)

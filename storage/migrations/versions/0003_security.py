"""Staff roles and admin two-factor state: sealed TOTP secrets, failures, recovery codes.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("granted_by", sa.BigInteger(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('officer', 'admin')", name=op.f("ck_staff_role_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_role")),
        sa.UniqueConstraint(
            "telegram_user_id", "role", name=op.f("uq_staff_role_telegram_user_id_role")
        ),
    )
    op.create_table(
        "admin_credential",
        sa.Column("telegram_user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("secret", sa.Text(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pending_secret", sa.Text(), nullable=True),
        sa.Column("pending_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_step", sa.BigInteger(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("telegram_user_id", name=op.f("pk_admin_credential")),
    )
    op.create_table(
        "admin_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_failure")),
    )
    op.create_index(
        "ix_admin_failure_telegram_user_id_at",
        "admin_failure",
        ["telegram_user_id", "at"],
        unique=False,
    )
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
        sa.UniqueConstraint(
            "telegram_user_id", "code_hash", name=op.f("uq_recovery_code_telegram_user_id_code_hash")
        ),
    )


def downgrade() -> None:
    op.drop_table("recovery_code")
    op.drop_index("ix_admin_failure_telegram_user_id_at", table_name="admin_failure")
    op.drop_table("admin_failure")
    op.drop_table("admin_credential")
    op.drop_table("staff_role")

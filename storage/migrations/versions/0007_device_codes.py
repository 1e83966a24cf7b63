"""'Continue on another device' codes for web residents: a keyed hash, whose, until when.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "device_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"],
            name=op.f("fk_device_code_participant_id_participant"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_device_code_code_hash")),
    )
    op.create_index(op.f("ix_device_code_participant_id"), "device_code", ["participant_id"])
    op.create_index(op.f("ix_device_code_expires_at"), "device_code", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_device_code_expires_at"), table_name="device_code")
    op.drop_index(op.f("ix_device_code_participant_id"), table_name="device_code")
    op.drop_table("device_code")

"""Participants from the web channel: a random web key instead of a Telegram id.

`channel` says where a person takes part ("telegram" or "web"); exactly one of
`telegram_user_id` and `web_key` is set. A web participant may leave an e-mail address for
notices, kept sealed, with the time they agreed to it.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.alter_column("telegram_user_id", existing_type=sa.BigInteger(), nullable=True)
        batch.add_column(
            sa.Column("channel", sa.String(length=16), nullable=False,
                      server_default="telegram")
        )
        batch.add_column(sa.Column("web_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("email_sealed", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("email_consented_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_unique_constraint(op.f("uq_participant_web_key"), ["web_key"])
        batch.create_check_constraint(
            op.f("ck_participant_one_identity"),
            "(telegram_user_id IS NULL) <> (web_key IS NULL)",
        )


def downgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.drop_constraint(op.f("ck_participant_one_identity"), type_="check")
        batch.drop_constraint(op.f("uq_participant_web_key"), type_="unique")
        batch.drop_column("email_consented_at")
        batch.drop_column("email_sealed")
        batch.drop_column("web_key")
        batch.drop_column("channel")
        batch.alter_column("telegram_user_id", existing_type=sa.BigInteger(), nullable=False)

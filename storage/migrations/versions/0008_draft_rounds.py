"""Rounds may be drafts: imported but not open to residents until an officer opens them.

Rounds stored before this keep their state: a round that was live stays live.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WITH_DRAFT = "state IN ('draft', 'scheduled', 'open', 'closed')"
_WITHOUT_DRAFT = "state IN ('scheduled', 'open', 'closed')"


def upgrade() -> None:
    with op.batch_alter_table("consultation_round") as batch:
        batch.drop_constraint(op.f("ck_consultation_round_state"), type_="check")
        batch.create_check_constraint(op.f("ck_consultation_round_state"), _WITH_DRAFT)


def downgrade() -> None:
    # A draft was not open to residents: "scheduled" with no opening time would open it.
    op.execute("UPDATE consultation_round SET state = 'closed' WHERE state = 'draft'")
    with op.batch_alter_table("consultation_round") as batch:
        batch.drop_constraint(op.f("ck_consultation_round_state"), type_="check")
        batch.create_check_constraint(op.f("ck_consultation_round_state"), _WITHOUT_DRAFT)

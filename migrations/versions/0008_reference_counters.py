"""reference counters, queue index by kind

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 20:55:00.000000

One row per year with the last reference number handed out, so that a new draft takes its
number from one locked row instead of reading every reference of the year. Existing years
are filled in lazily (the first draft of a year without a row computes it once).

The queues filtered by kind get an index of their own, (state, kind, submitted_at, owner_id);
with owner_id, the queues' counts are index-only scans.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reference_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_reference_counters")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_proposals_state_kind_submitted_at",
            ["state", "kind", "submitted_at", "owner_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_proposals_state_kind_submitted_at")
    op.drop_table("reference_counters")

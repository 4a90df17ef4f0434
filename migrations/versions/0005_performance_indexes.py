"""performance indexes

Composite indexes for the queues and "Meine Anträge", a proposal's timeline and the
decision numbers; indexes for the body page's proposal lookup and for foreign keys that
were scanned (approvals.proposal_id, section_remarks.version_id). Single-column indexes
that a composite index now leads with are dropped.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 19:00:00.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (table, new index, columns, the single-column index it replaces or None)
INDEXES = (
    (
        "proposals",
        "ix_proposals_state_submitted_at",
        ["state", "submitted_at"],
        "ix_proposals_state",
    ),
    (
        "proposals",
        "ix_proposals_owner_id_updated_at",
        ["owner_id", "updated_at"],
        "ix_proposals_owner_id",
    ),
    ("proposals", "ix_proposals_body_id", ["body_id"], None),
    (
        "history_events",
        "ix_history_events_proposal_id_id",
        ["proposal_id", "id"],
        "ix_history_events_proposal_id",
    ),
    ("decisions", "ix_decisions_year_sequence", ["year", "sequence"], "ix_decisions_year"),
    ("approvals", "ix_approvals_proposal_id", ["proposal_id"], None),
    ("section_remarks", "ix_section_remarks_version_id", ["version_id"], None),
)


def upgrade():
    for table, name, columns, replaced in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)
            if replaced:
                batch_op.drop_index(replaced)


def downgrade():
    for table, name, columns, replaced in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if replaced:
                batch_op.create_index(replaced, [columns[0]], unique=False)
            batch_op.drop_index(name)

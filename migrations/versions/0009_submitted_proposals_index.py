"""submitted proposals index

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 06:00:00.000000

Two partial indexes for the API's listing for reviewers and the office (newest first): the
proposals that are not drafts, by id, and the drafts by owner and id. The listing reads the
submitted proposals and the account's own drafts from them instead of walking the primary
key past the drafts of others, which it never lists and whose number grows without bound
(abandoned drafts). Both PostgreSQL and SQLite support partial indexes.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (name, columns, condition)
INDEXES = (
    ("ix_proposals_submitted_id", ["id"], "state <> 'draft'"),
    ("ix_proposals_draft_owner_id_id", ["owner_id", "id"], "state = 'draft'"),
)


def upgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        for name, columns, condition in INDEXES:
            batch_op.create_index(
                name,
                columns,
                unique=False,
                postgresql_where=sa.text(condition),
                sqlite_where=sa.text(condition),
            )


def downgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        for name, _columns, _condition in reversed(INDEXES):
            batch_op.drop_index(name)

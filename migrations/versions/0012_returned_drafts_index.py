"""returned drafts index

Revision ID: 0012_returned_drafts_index
Revises: 0011_totp
Create Date: 2026-12-04 19:45:00.000000

Reviewers and the office see every proposal once it was submitted, also a draft returned for
revision (one visibility rule for web and API). The API's staff listing reads those drafts
from this partial index instead of walking the drafts of others that were never submitted.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_returned_drafts_index"
down_revision = "0011_totp"
branch_labels = None
depends_on = None

CONDITION = "state = 'draft' AND submitted_at IS NOT NULL"


def upgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_proposals_returned_id",
            ["id"],
            unique=False,
            postgresql_where=sa.text(CONDITION),
            sqlite_where=sa.text(CONDITION),
        )


def downgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_proposals_returned_id")

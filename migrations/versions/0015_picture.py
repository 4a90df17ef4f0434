"""focus topics as data; a body's other name

Revision ID: 0015_picture
Revises: 0014_votes
Create Date: 2026-12-04 22:10:00

The council's focus topics (Schwerpunktthemen) and their patrons become rows the office keeps
(filled by `flask seed` from app/registry/seed_bodies.json); a body gets an optional second
name (the name on the council's page where the registry uses a more current one).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0015_picture"
down_revision = "0014_votes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "focus_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("patron", sa.String(length=300), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_topics")),
        sa.UniqueConstraint("key", name=op.f("uq_focus_topics_key")),
        sa.UniqueConstraint("name", name=op.f("uq_focus_topics_name")),
    )
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alias", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_column("alias")
    op.drop_table("focus_topics")

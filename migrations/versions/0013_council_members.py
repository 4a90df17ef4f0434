"""council members and the Königsteiner Schlüssel

Revision ID: 0013_council_members
Revises: 0012_returned_drafts_index
Create Date: 2026-12-04 19:07:14.065967

The council's members (the Bund, the 16 Länder, the advisory members) and the Länder's yearly
shares under the Königsteiner Schlüssel, one table per year and revision (a correction adds a
revision). The rows are filled by `flask seed` (app/council/seed.py), not here.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013_council_members"
down_revision = "0012_returned_drafts_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "council_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("voting", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_members")),
        sa.UniqueConstraint("key", name=op.f("uq_council_members_key")),
    )
    op.create_table(
        "share_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_share_tables_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_tables")),
        sa.UniqueConstraint("year", "revision", name=op.f("uq_share_tables_year")),
    )
    with op.batch_alter_table("share_tables", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_share_tables_year"), ["year"], unique=False)

    op.create_table(
        "land_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("share", sa.Numeric(precision=8, scale=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_members.id"],
            name=op.f("fk_land_shares_member_id_council_members"),
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["share_tables.id"],
            name=op.f("fk_land_shares_table_id_share_tables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_shares")),
        sa.UniqueConstraint("table_id", "member_id", name=op.f("uq_land_shares_table_id")),
    )


def downgrade():
    op.drop_table("land_shares")
    with op.batch_alter_table("share_tables", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_share_tables_year"))

    op.drop_table("share_tables")
    op.drop_table("council_members")

"""motions, co-signatures and the AL-Runde's recommendations

Revision ID: 0017_motions
Revises: 0016_changes
Create Date: 2026-12-04 22:05:00

A proposal's motion (Antrag im Sinne des IT-Staatsvertrags): one row per proposal and invited
or signing member (motion_signatures); the AL-Runde's Beschlussempfehlung on a version (al_recommendations).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017_motions"
down_revision = "0016_changes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "motion_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_motion_signatures_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_motion_signatures_invited_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_members.id"],
            name=op.f("fk_motion_signatures_member_id_council_members"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_motion_signatures_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_motion_signatures")),
        sa.UniqueConstraint(
            "proposal_id", "member_id", name=op.f("uq_motion_signatures_proposal_id")
        ),
    )
    with op.batch_alter_table("motion_signatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_motion_signatures_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_motion_signatures_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "al_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("recommended_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_al_recommendations_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_al_recommendations_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["proposal_versions.id"],
            name=op.f("fk_al_recommendations_version_id_proposal_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_al_recommendations")),
    )
    with op.batch_alter_table("al_recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_al_recommendations_proposal_id"), ["proposal_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("al_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_al_recommendations_proposal_id"))
    op.drop_table("al_recommendations")
    with op.batch_alter_table("motion_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_motion_signatures_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_motion_signatures_member_id"))
    op.drop_table("motion_signatures")

"""council sessions, written procedures and votes

Revision ID: 0014_votes
Revises: 0013_council_members
Create Date: 2026-12-04 21:52:21.854769

Sessions with their agenda, written procedures (Umlaufverfahren), each voting member's vote,
the frozen vote record of a decision, and the council member an account acts for.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014_votes"
down_revision = "0013_council_members"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "council_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=False),
        sa.Column("documents_deadline", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["chair_id"],
            ["council_members.id"],
            name=op.f("fk_council_sessions_chair_id_council_members"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_council_sessions_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_sessions")),
        sa.UniqueConstraint("number", name=op.f("uq_council_sessions_number")),
    )
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_agenda_items_decision_id_decisions")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_agenda_items_proposal_id_proposals")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_sessions.id"],
            name=op.f("fk_agenda_items_session_id_council_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
        sa.UniqueConstraint("session_id", "proposal_id", name=op.f("uq_agenda_items_session_id")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_items_proposal_id"), ["proposal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agenda_items_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "written_procedures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("dispatched_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("asked", sa.String(length=400), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("reminded_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_written_procedures_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_written_procedures_decision_id_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_written_procedures_proposal_id_proposals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_written_procedures")),
    )
    with op.batch_alter_table("written_procedures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_written_procedures_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "council_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("procedure_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("vote", sa.String(length=20), nullable=False),
        sa.Column("cast_on", sa.Date(), nullable=False),
        sa.Column("by_office", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_council_votes_agenda_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_members.id"],
            name=op.f("fk_council_votes_member_id_council_members"),
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["written_procedures.id"],
            name=op.f("fk_council_votes_procedure_id_written_procedures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_council_votes_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_votes")),
        sa.UniqueConstraint(
            "agenda_item_id", "member_id", name=op.f("uq_council_votes_agenda_item_id")
        ),
        sa.UniqueConstraint(
            "procedure_id", "member_id", name=op.f("uq_council_votes_procedure_id")
        ),
    )
    with op.batch_alter_table("council_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_council_votes_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_council_votes_procedure_id"), ["procedure_id"], unique=False
        )

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vote_record", sa.JSON(), nullable=True))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("council_member_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_users_council_member_id"), ["council_member_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_users_council_member_id_council_members"),
            "council_members",
            ["council_member_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_users_council_member_id_council_members"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_users_council_member_id"))
        batch_op.drop_column("council_member_id")

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("vote_record")

    with op.batch_alter_table("council_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_votes_procedure_id"))
        batch_op.drop_index(batch_op.f("ix_council_votes_agenda_item_id"))

    op.drop_table("council_votes")
    with op.batch_alter_table("written_procedures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_written_procedures_proposal_id"))

    op.drop_table("written_procedures")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_session_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_items_proposal_id"))

    op.drop_table("agenda_items")
    op.drop_table("council_sessions")

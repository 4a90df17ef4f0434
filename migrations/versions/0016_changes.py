"""change decisions: a proposal may change an existing body

Revision ID: 0016_changes
Revises: 0015_picture
Create Date: 2026-12-04 22:00:00.000000

A change proposal names the body it changes (target_body_id) and the decision in force it
amends (amends_decision_id); it ends in the new state "decided". At most one change of a body
is in progress at a time (a partial unique index). The registry's lead and start date of the
bodies established so far are taken from the Steckbrief the council decided on, as the
workflow does from now on (app/registry/facts.py; written out here as the migration's own
snapshot of that rule).
"""

import json
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016_changes"
down_revision = "0015_picture"
branch_labels = None
depends_on = None

OLD_STATES = ("draft", "review", "resolution", "established", "dissolved", "rejected", "withdrawn")
STATES = (*OLD_STATES, "decided")
OPEN_CHANGE = "target_body_id IS NOT NULL AND state IN ('draft', 'review', 'resolution')"


def state_in(states):
    """SQL text `state IN ('a', 'b')` of the states written above."""
    return "state IN ({})".format(", ".join(f"'{state}'" for state in states))


def upgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_body_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("amends_decision_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_proposals_target_body_id_bodies"), "bodies", ["target_body_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_proposals_amends_decision_id_decisions"),
            "decisions",
            ["amends_decision_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(
            batch_op.f("ix_proposals_target_body_id"), ["target_body_id"], unique=False
        )
        batch_op.create_index(
            "ix_proposals_one_open_change",
            ["target_body_id"],
            unique=True,
            postgresql_where=sa.text(OPEN_CHANGE),
            sqlite_where=sa.text(OPEN_CHANGE),
        )
        batch_op.drop_constraint(batch_op.f("ck_proposals_state"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_proposals_state"), state_in(STATES))
    _backfill_bodies()


def _content(value):
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _lead(leadership):
    """ "Vorsitz: …; stellv. Vorsitz: …; Federführung: …" (the Federführung only where it
    differs from the chair)."""
    chair, co_chair, lead = (
        str(leadership.get(k) or "").strip() for k in ("chair", "co_chair", "lead")
    )
    parts = []
    if chair:
        parts.append(f"Vorsitz: {chair}")
    if co_chair:
        parts.append(f"stellv. Vorsitz: {co_chair}")
    if lead and lead != chair:
        parts.append(f"Federführung: {lead}")
    return "; ".join(parts)[:300] or None


def _backfill_bodies():
    """Lead and start date of each established body from its decided Steckbrief version."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT d.body_id, v.content FROM decisions d "
            "JOIN proposal_versions v ON v.id = d.version_id "
            "WHERE d.kind = 'establish' AND d.body_id IS NOT NULL"
        )
    ).all()
    for body_id, raw in rows:
        content = _content(raw)
        leadership = (
            content.get("leadership") if isinstance(content.get("leadership"), dict) else {}
        )
        establishment = content.get("establishment")
        establishment = establishment if isinstance(establishment, dict) else {}
        start = establishment.get("start_date")
        connection.execute(
            sa.text(
                "UPDATE bodies SET lead = :lead, start_date = COALESCE(:start, start_date) "
                "WHERE id = :id"
            ).bindparams(sa.bindparam("start", type_=sa.Date)),
            {
                "id": body_id,
                "lead": _lead(leadership),
                "start": date.fromisoformat(str(start)) if start else None,
            },
        )


def downgrade():
    op.execute("DELETE FROM proposals WHERE state = 'decided'")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_proposals_state"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_proposals_state"), state_in(OLD_STATES))
        batch_op.drop_index("ix_proposals_one_open_change")
        batch_op.drop_index(batch_op.f("ix_proposals_target_body_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_proposals_amends_decision_id_decisions"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_proposals_target_body_id_bodies"), type_="foreignkey"
        )
        batch_op.drop_column("amends_decision_id")
        batch_op.drop_column("target_body_id")

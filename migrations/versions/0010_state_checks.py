"""state checks

Revision ID: 0010_state_checks
Revises: 0009
Create Date: 2026-12-04 16:30:00.000000

The database refuses a proposal state the workflow does not know (workflows/proposal.py), and a
body_id on a proposal that was never established. The states are written out here, as the
migration's own snapshot; tests/foundation/test_state_checks.py fails when the workflow's states
change without a new migration. SQLite cannot add a CHECK to a table, so batch mode copies the
table (migrations/env.py switches SQLite's foreign keys off for the run: dropping the old table
would otherwise cascade to the proposals' versions, approvals and remarks).
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0010_state_checks"
down_revision = "0009"
branch_labels = None
depends_on = None

STATES = ("draft", "review", "resolution", "established", "dissolved", "rejected", "withdrawn")
BODY_STATES = ("established", "dissolved")


def state_in(states):
    """SQL text `state IN ('a', 'b')` of the states written above."""
    return "state IN ({})".format(", ".join(f"'{state}'" for state in states))


CHECKS = (
    ("state", state_in(STATES)),
    ("body_id_state", f"body_id IS NULL OR {state_in(BODY_STATES)}"),
)


def upgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        for name, condition in CHECKS:
            batch_op.create_check_constraint(op.f(f"ck_proposals_{name}"), condition)


def downgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        for name, _condition in reversed(CHECKS):
            batch_op.drop_constraint(op.f(f"ck_proposals_{name}"), type_="check")

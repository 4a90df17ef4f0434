"""The database itself refuses proposal states the workflow does not know (migration 0010)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db as _db
from app.models import Body, Proposal
from app.models.proposal import BODY_STATES
from config import TestingConfig
from tests.factories import make_user
from workflows.proposal import ProposalState

VERSIONS = Path(__file__).parents[2] / "migrations" / "versions"
MIGRATION = VERSIONS / "0010_state_checks.py"
# The newest migration that rewrote the state check (0014 added "decided").
STATES_MIGRATION = VERSIONS / "0016_changes.py"


def _migration(path: Path = MIGRATION):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _insert(db, **values) -> None:
    owner = make_user()
    db.session.add(Proposal(reference="GS-2026-99999", owner_id=owner.id, **values))
    db.session.flush()


def test_an_unknown_state_is_refused(db):
    with pytest.raises(IntegrityError, match="ck_proposals_state"):
        _insert(db, state="frozen")
    db.session.rollback()


def test_only_an_established_or_dissolved_proposal_has_a_body(db):
    body = Body(key="ein-gremium", name="Ein Gremium", kind="gremium")
    db.session.add(body)
    db.session.flush()
    with pytest.raises(IntegrityError, match="ck_proposals_body_id_state"):
        _insert(db, state=ProposalState.RESOLUTION.value, body_id=body.id)
    db.session.rollback()


def test_the_migration_lists_the_workflows_states():
    """A new state in workflows/ needs a new migration: the checks must keep in step."""
    assert tuple(state.value for state in ProposalState) == _migration(STATES_MIGRATION).STATES
    assert tuple(state.value for state in BODY_STATES) == _migration().BODY_STATES


@pytest.mark.parametrize("start", ["0008", "0009"])
def test_upgrade_keeps_the_rows_and_then_refuses_an_unknown_state(empty_database_uri, start):
    """SQLite copies the table for the checks: the proposal's versions must survive, also when
    0010 runs in one transaction after another migration."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_uri)
    with app.app_context():
        upgrade(revision=start)
        _db.session.execute(
            text(
                "INSERT INTO users (id, email, name, organisation, password_hash, session_token,"
                " active, created_at, updated_at) VALUES (1, 'a@example.org', 'A', 'Land', 'x',"
                " 't', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        _db.session.execute(
            text(
                "INSERT INTO proposals (id, reference, owner_id, state, title, content,"
                " lock_version, open_ended, created_at, updated_at) VALUES (1, 'GS-1', 1,"
                " 'review', 'T', '{}', 1, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        _db.session.execute(
            text(
                "INSERT INTO proposal_versions (id, proposal_id, number, content, sha256,"
                " created_by_id, created_at) VALUES (1, 1, 1, '{}', 'x', 1, CURRENT_TIMESTAMP)"
            )
        )
        _db.session.commit()
        upgrade()
        assert _db.session.execute(text("SELECT count(*) FROM proposal_versions")).scalar() == 1
        with pytest.raises(IntegrityError):
            _db.session.execute(text("UPDATE proposals SET state = 'frozen' WHERE id = 1"))
        _db.session.rollback()
        _db.session.remove()
        _db.engine.dispose()

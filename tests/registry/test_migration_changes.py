"""Migration 0014: bodies established before it get lead and start from their decided
Steckbrief; the proposals and their versions survive the table copy (SQLite) or ALTER (PG)."""

from __future__ import annotations

import json
from datetime import date

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db as _db
from config import TestingConfig

CONTENT = {
    "establishment": {"start_date": "2024-02-01"},
    "leadership": {"chair": "Bund", "co_chair": "Hessen", "lead": "Bund"},
}
ROWS = (
    "INSERT INTO users (id, email, name, organisation, password_hash, session_token, active,"
    " created_at, updated_at) VALUES (1, 'a@example.org', 'A', 'Land', 'x', 't', true,"
    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    "INSERT INTO bodies (id, key, name, kind, category, open_ended, description, start_date,"
    " created_at, updated_at) VALUES (1, 'ag', 'AG', 'arbeitsgruppe', 'working_format', false,"
    " '', '2024-03-17', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    "INSERT INTO proposals (id, reference, owner_id, state, title, content, lock_version,"
    " open_ended, body_id, created_at, updated_at) VALUES (1, 'GS-1', 1, 'established', 'AG',"
    " '{}', 1, false, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    "INSERT INTO proposal_versions (id, proposal_id, number, content, sha256, created_by_id,"
    " created_at) VALUES (1, 1, 1, :content, 'x', 1, CURRENT_TIMESTAMP)",
    "INSERT INTO decisions (id, number, year, sequence, decided_on, session, title, text, kind,"
    " proposal_id, version_id, body_id, created_at) VALUES (1, '2024/12', 2024, 12,"
    " '2024-03-17', '43', 'AG', '', 'establish', 1, 1, 1, CURRENT_TIMESTAMP)",
)


def test_upgrade_takes_lead_and_start_from_the_decided_steckbrief(empty_database_uri):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_uri)
    with app.app_context():
        upgrade(revision="0015_picture")
        for statement in ROWS:
            _db.session.execute(text(statement), {"content": json.dumps(CONTENT)})
        _db.session.commit()
        upgrade()
        row = _db.session.execute(text("SELECT lead, start_date FROM bodies")).one()
        assert row[0] == "Vorsitz: Bund; stellv. Vorsitz: Hessen"
        assert str(row[1]) == str(date(2024, 2, 1))
        assert _db.session.execute(text("SELECT count(*) FROM proposal_versions")).scalar() == 1
        _db.session.remove()
        _db.engine.dispose()

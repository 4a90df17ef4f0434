"""flask backup create / restore on SQLite and PostgreSQL.

A backup restored into an empty database holds every proposal, version, event and PDF
identical to the original.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from app import create_app
from app.audit.history import verify_chain
from app.documents.operations import issue_beschluss
from app.extensions import db as _db
from app.models import Decision, HistoryEvent, IssuedDocument
from config import TestingConfig
from tests.workflow.helpers import make_cast, make_proposal, to_established

COMPARED_TABLES = (
    "users",
    "bodies",
    "proposals",
    "proposal_versions",
    "approvals",
    "decisions",
    "history_events",
    "outbox_messages",
    "issued_documents",
)


def _rows(uri: str) -> dict[str, list[tuple]]:
    """Every row of the compared tables, in primary-key order."""
    engine = create_engine(uri)
    try:
        with engine.connect() as connection:
            return {
                table: [
                    tuple(row)
                    for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
                ]
                for table in COMPARED_TABLES
            }
    finally:
        engine.dispose()


def _build_world() -> None:
    """An established body with its Beschluss PDF issued: versions, events, a stored PDF."""
    cast = make_cast()
    to_established(make_proposal(cast.owner, cast.parent), cast)
    _db.session.flush()
    decision = _db.session.scalars(select(Decision)).one()
    issue_beschluss(decision, cast.office)
    _db.session.commit()


def test_restore_into_an_empty_database_is_identical(
    app, db, database_uri, empty_database_uri, tmp_path
):
    _build_world()
    assert db.session.scalar(select(func.count(IssuedDocument.id))) == 1
    assert db.session.scalar(select(func.count(HistoryEvent.id))) >= 5
    target = tmp_path / "sicherung.backup"
    created = app.test_cli_runner().invoke(args=["backup", "create", "--output", str(target)])
    assert created.exit_code == 0, created.output
    original = _rows(database_uri)

    fresh = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_uri)
    with fresh.app_context():  # the CLI runs in the app context it finds: make it the fresh one
        restored = fresh.test_cli_runner().invoke(args=["backup", "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert Path(empty_database_uri.removeprefix("sqlite:///")).exists() or "postgresql" in (
        empty_database_uri
    )
    copy = _rows(empty_database_uri)
    assert copy == original
    assert all(copy[table] for table in ("proposals", "proposal_versions", "issued_documents"))
    with fresh.app_context():
        assert verify_chain().intact
        _db.engine.dispose()


def test_restore_over_a_damaged_database(app, db, tmp_path: Path):
    _build_world()
    runner = app.test_cli_runner()
    target = tmp_path / "sicherung.backup"
    assert runner.invoke(args=["backup", "create", "--output", str(target)]).exit_code == 0
    events = db.session.scalar(select(func.count(HistoryEvent.id)))
    db.session.execute(HistoryEvent.__table__.delete())
    db.session.commit()
    db.session.remove()
    restored = runner.invoke(args=["backup", "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert db.session.scalar(select(func.count(HistoryEvent.id))) == events
    verify = runner.invoke(args=["audit", "verify"])
    assert verify.exit_code == 0 and "Verlauf intakt" in verify.output


def test_restore_refuses_missing_and_broken_files(app, tmp_path: Path):
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["backup", "restore", str(tmp_path / "fehlt.backup"), "--yes"])
    assert missing.exit_code != 0 and "gibt es nicht" in missing.output
    junk = tmp_path / "kaputt.backup"
    junk.write_bytes(b"das ist keine Sicherung" * 100)
    broken = runner.invoke(args=["backup", "restore", str(junk), "--yes"])
    assert broken.exit_code != 0
    assert "Traceback" not in broken.output


def test_restore_asks_before_replacing(app, tmp_path: Path):
    runner = app.test_cli_runner()
    target = tmp_path / "s.backup"
    runner.invoke(args=["backup", "create", "--output", str(target)])
    answer_no = runner.invoke(args=["backup", "restore", str(target)], input="n\n")
    assert answer_no.exit_code != 0 and "Aborted" in answer_no.output

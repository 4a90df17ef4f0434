"""flask backup create / restore on SQLite and PostgreSQL: data and history come back intact."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.models import Body, HistoryEvent, User
from app.workflow.history import verify_chain
from tests.workflow.helpers import make_cast, make_proposal, to_established


def _counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Body, HistoryEvent)
    )


def test_backup_and_restore_round_trip(app, db, tmp_path: Path):
    cast = make_cast()
    to_established(make_proposal(cast.owner, cast.parent), cast)
    db.session.commit()
    before = _counts()
    assert before[2] >= 3 and verify_chain().intact

    runner = app.test_cli_runner()
    target = tmp_path / "sicherung.backup"
    created = runner.invoke(args=["backup", "create", "--output", str(target)])
    assert created.exit_code == 0, created.output
    assert target.stat().st_size > 0

    # Damage after the backup: delete history and accounts.
    db.session.execute(HistoryEvent.__table__.delete())
    db.session.execute(Body.__table__.update().values(name="kaputt"))
    db.session.commit()
    assert _counts()[2] == 0

    db.session.remove()
    restored = runner.invoke(args=["backup", "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    db.session.remove()
    assert _counts() == before
    assert "kaputt" not in db.session.scalars(select(Body.name)).all()
    assert verify_chain().intact
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

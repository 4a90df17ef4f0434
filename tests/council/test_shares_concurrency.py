"""Eight people enter the same year's table at once: exactly one table, nothing half-stored."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from app import create_app
from app.council import shares
from app.council.seed import SHARES_2016, load_members
from app.domain import ConflictError, DomainError
from app.extensions import db as _db
from app.models import LandShare, ShareTable
from config import TestingConfig

THREADS = 8


def _enter(worker_app, barrier) -> str:
    with worker_app.app_context():
        try:
            barrier.wait(timeout=60)
            shares.record_share_table(2025, SHARES_2016, "Bundesanzeiger", None)
            _db.session.commit()
            return "ok"
        except (ConflictError, IntegrityError, OperationalError):
            return "conflict"
        except DomainError:
            return "refused"  # saw the winner's table: a correction needs a reason
        finally:
            _db.session.rollback()
            _db.session.remove()


def test_one_table_wins(app, db, database_uri):
    load_members()
    db.session.commit()
    options: dict = {"pool_size": THREADS + 2}
    if database_uri.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    worker_app = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri, SQLALCHEMY_ENGINE_OPTIONS=options
    )
    barrier = threading.Barrier(THREADS)
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = Counter(pool.map(lambda _: _enter(worker_app, barrier), range(THREADS)))
    finally:
        with worker_app.app_context():
            _db.engine.dispose()
    assert results["ok"] == 1, results
    assert sum(results.values()) == THREADS
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ShareTable)) == 1
    assert db.session.scalar(select(func.count()).select_from(LandShare)) == 16
    assert shares.current_table(2025).revision == 1

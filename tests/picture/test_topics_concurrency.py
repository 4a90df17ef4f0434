"""Four offices rename the same focus topic at once, each from the same page: one wins, the
others are told it changed meanwhile, and the history has exactly one change."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app import create_app
from app.domain import ConflictError
from app.extensions import db as _db
from app.models import FocusTopic, HistoryEvent, User
from app.topics.operations import update_topic
from config import TestingConfig

THREADS = 4


def _rename(worker_app, barrier, topic_id: int, actor_id: int, seen: str, name: str) -> str:
    with worker_app.app_context():
        try:
            topic = _db.session.get(FocusTopic, topic_id)
            barrier.wait(timeout=60)
            values = {"name": name, "patron": None, "position": 1, "retired": False}
            update_topic(topic, _db.session.get(User, actor_id), values, seen)
            _db.session.commit()
            return "ok"
        except (ConflictError, OperationalError):
            return "conflict"
        finally:
            _db.session.rollback()
            _db.session.remove()


def test_one_rename_wins(app, db, database_uri, seeded, office):
    topic = db.session.scalar(select(FocusTopic).where(FocusTopic.key == "digitale_infrastruktur"))
    seen, topic_id, actor_id = topic.updated_at.isoformat(), topic.id, office.id
    options: dict = {"pool_size": THREADS + 2}
    if database_uri.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    worker_app = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri, SQLALCHEMY_ENGINE_OPTIONS=options
    )
    barrier = threading.Barrier(THREADS)
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = Counter(
                pool.map(
                    lambda n: _rename(worker_app, barrier, topic_id, actor_id, seen, f"Name {n}"),
                    range(THREADS),
                )
            )
    finally:
        with worker_app.app_context():
            _db.engine.dispose()
    assert results == Counter({"ok": 1, "conflict": THREADS - 1}), results
    db.session.expire_all()
    events = select(func.count()).where(HistoryEvent.action == "focus_topic_saved")
    assert db.session.scalar(events) == 1
    assert db.session.get(FocusTopic, topic_id).name.startswith("Name ")

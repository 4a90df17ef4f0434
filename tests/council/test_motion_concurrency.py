"""Two representatives of one Land confirm the same invitation at once: one signature, one
history event, the other gets the conflict (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from app import create_app
from app.council import motions
from app.domain import ConflictError
from app.extensions import db as _db
from app.models import HistoryEvent, MotionSignature, User
from config import TestingConfig
from tests.factories_motion import act_for, member_id
from tests.workflow.helpers import make_user

THREADS = 2


def _confirm(worker_app, barrier, signature_id: int, user_id: int) -> str:
    with worker_app.app_context():
        try:
            barrier.wait(timeout=60)
            motions.answer_invitation(signature_id, _db.session.get(User, user_id), accept=True)
            _db.session.commit()
            return "ok"
        except (ConflictError, IntegrityError, OperationalError):
            return "conflict"
        finally:
            _db.session.rollback()
            _db.session.remove()


def test_two_confirmations_at_once_yield_one_signature(app, db, database_uri, cast, proposal):
    act_for(cast.owner, "HH")
    people = [act_for(make_user("applicant"), "HE") for _ in range(THREADS)]
    motions.invite_members(proposal, cast.owner, [member_id("HE")])
    db.session.commit()
    signature_id = db.session.scalar(select(MotionSignature.id))
    user_ids = [person.id for person in people]
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
                pool.map(lambda uid: _confirm(worker_app, barrier, signature_id, uid), user_ids)
            )
    finally:
        with worker_app.app_context():
            _db.engine.dispose()
    assert results == Counter({"ok": 1, "conflict": 1}), results
    db.session.expire_all()
    assert db.session.get(MotionSignature, signature_id).state == "signed"
    confirmed = select(func.count()).where(HistoryEvent.action == "motion_confirmed")
    assert db.session.scalar(confirmed) == 1

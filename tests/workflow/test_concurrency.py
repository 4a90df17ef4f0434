"""Twenty people act on one proposal at once: exactly one transition wins."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app import create_app
from app.audit.history import verify_chain
from app.domain import ConflictError, DomainError
from app.extensions import db as _db
from app.models import Decision, HistoryEvent, OutboxMessage, Proposal, User
from app.workflow import operations
from config import TestingConfig
from tests.workflow.helpers import make_user, to_resolution, to_review

THREADS = 20


@pytest.fixture
def worker_app(app, database_uri):
    """A second app on the same database, with a generous SQLite busy timeout."""
    options: dict = {"pool_size": THREADS + 5}  # every thread holds a connection at once
    if database_uri.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    other = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_uri,
        SQLALCHEMY_ENGINE_OPTIONS=options,
        OVERLAP_THRESHOLD=1000,
    )
    yield other
    with other.app_context():
        _db.engine.dispose()


def _run(worker_app, proposal_id, jobs):
    """Run each (user_id, action, use_lock_version) in its own thread, app context, session."""
    barrier = threading.Barrier(len(jobs))

    def work(job):
        user_id, action, with_version = job
        with worker_app.app_context():
            try:
                proposal = _db.session.get(Proposal, proposal_id)
                actor = _db.session.get(User, user_id)
                seen = proposal.lock_version if with_version else None
                barrier.wait(timeout=60)
                action(proposal, actor, expected_lock_version=seen)
                _db.session.commit()
                return "ok"
            except (ConflictError, StaleDataError, IntegrityError):
                return "conflict"
            except DomainError:
                return "refused"
            finally:
                _db.session.rollback()
                _db.session.remove()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return Counter(pool.map(work, jobs))


def _events(db, action):
    stmt = select(func.count()).select_from(HistoryEvent).where(HistoryEvent.action == action)
    return db.session.scalar(stmt)


def _reject(proposal, actor, **kw):
    return operations.reject_proposal(proposal, actor, {"reason": "Doppelt."}, **kw)


def _approve(proposal, actor, **kw):
    return operations.approve_proposal(proposal, actor, {"recommendation": "Empfohlen."}, **kw)


@pytest.mark.parametrize("with_version", [True, False], ids=["form-version", "row-lock-only"])
def test_reject_versus_approve(db, cast, proposal, worker_app, with_version):
    to_review(proposal, cast)
    operations.approve_proposal(proposal, cast.reviewer1, {"recommendation": "Erste Befürwortung."})
    reviewers = [make_user("reviewer") for _ in range(THREADS)]
    db.session.commit()
    jobs = [
        (user.id, _reject if i % 2 else _approve, with_version) for i, user in enumerate(reviewers)
    ]
    results = _run(worker_app, proposal.id, jobs)
    assert results["ok"] == 1, results
    assert set(results) <= {"ok", "conflict", "refused"}
    db.session.expire_all()
    state = db.session.get(Proposal, proposal.id).state
    assert state in {"rejected", "resolution"}
    assert _events(db, "reject") + _events(db, "approve") == 1
    assert verify_chain().intact


def test_establish_with_different_numbers(db, cast, proposal, worker_app):
    to_resolution(proposal, cast)
    office = [make_user("secretariat") for _ in range(THREADS)]
    db.session.commit()

    def establish(number):
        def action(p, actor, **kw):
            inputs = {
                "decision_number": f"2026/{number:02d}",
                "decision_date": date(2026, 3, 17),
                "session": "42",
                "decision_text": "Einsetzung.",
            }
            return operations.establish_body(p, actor, inputs, **kw)

        return action

    jobs = [(user.id, establish(i + 1), True) for i, user in enumerate(office)]
    results = _run(worker_app, proposal.id, jobs)
    assert results["ok"] == 1, results
    assert set(results) <= {"ok", "conflict", "refused"}
    assert _events(db, "establish") == 1
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 1
    assert verify_chain().intact


def test_same_number_on_two_proposals(db, cast, worker_app):
    from tests.workflow.helpers import make_proposal

    proposals = [to_resolution(make_proposal(cast.owner, cast.parent), cast) for _ in range(2)]
    office = [make_user("secretariat") for _ in range(THREADS)]
    db.session.commit()
    proposal_ids = [p.id for p in proposals]  # read here: ORM objects belong to this thread
    office_ids = [u.id for u in office]
    barrier = threading.Barrier(THREADS)

    def work(index):
        with worker_app.app_context():
            try:
                proposal = _db.session.get(Proposal, proposal_ids[index % 2])
                actor = _db.session.get(User, office_ids[index])
                barrier.wait(timeout=60)
                inputs = {
                    "decision_number": "2026/05",
                    "decision_date": date(2026, 3, 17),
                    "session": "Umlaufverfahren",
                    "decision_text": "Einsetzung.",
                }
                operations.establish_body(proposal, actor, inputs)
                _db.session.commit()
                return "ok"
            except (ConflictError, IntegrityError, StaleDataError):
                return "conflict"
            except DomainError:
                return "refused"
            finally:
                _db.session.rollback()
                _db.session.remove()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = Counter(pool.map(work, range(THREADS)))
    assert results["ok"] == 1, results
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 1
    assert verify_chain().intact


def test_parallel_appends_on_different_proposals_keep_one_chain(db, cast, worker_app):
    from tests.workflow.helpers import make_proposal

    drafts = [make_proposal(cast.owner, cast.parent) for _ in range(THREADS)]
    db.session.commit()
    draft_ids = [d.id for d in drafts]
    jobs = [(cast.owner.id, _submit, False) for _ in drafts]
    barrier = threading.Barrier(THREADS)

    def work(index):
        user_id, action, _ = jobs[index]
        with worker_app.app_context():
            try:
                proposal = _db.session.get(Proposal, draft_ids[index])
                actor = _db.session.get(User, user_id)
                barrier.wait(timeout=60)
                action(proposal, actor)
                _db.session.commit()
                return "ok"
            finally:
                _db.session.rollback()
                _db.session.remove()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = Counter(pool.map(work, range(THREADS)))
    assert results["ok"] == THREADS
    report = verify_chain()
    assert report.intact and report.count == THREADS
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) > 0


def _submit(proposal, actor, **kw):
    return operations.submit_proposal(proposal, actor, **kw)

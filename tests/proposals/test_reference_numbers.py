"""Reference numbers come from one counter row per year: no read of every reference, no
duplicate under concurrent creation, and a counter found behind catches up."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import event, select

from app import create_app
from app.domain import ConflictError
from app.extensions import db as _db
from app.models import Proposal, ReferenceCounter, User
from app.proposals import operations
from config import TestingConfig
from tests.factories import make_user

THREADS = 12
DAY = date(2026, 6, 1)


def _statements_during(action) -> list[str]:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)
    return statements


def test_a_new_draft_does_not_read_the_years_references(db):
    owner = make_user("applicant")
    operations.create_proposal(owner, today=DAY)  # creates the year's counter
    statements = _statements_during(lambda: operations.create_proposal(owner, today=DAY))
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert not [s for s in reads if "proposals.reference" in s], reads
    assert any("reference_counters" in s for s in reads)
    assert db.session.get(ReferenceCounter, 2026).last_number == 2


def test_a_counter_behind_the_references_catches_up(db):
    owner = make_user("applicant")
    operations.create_proposal(owner, today=DAY)
    for number in (2, 42):  # written past the counter, e.g. imported
        db.session.add(
            Proposal(reference=f"GS-2026-{number:04d}", owner_id=owner.id, title="", content={})
        )
    db.session.commit()
    created = operations.create_proposal(owner, today=DAY)  # 0002 is taken: re-read, retry
    assert created.reference == "GS-2026-0043"
    assert db.session.get(ReferenceCounter, 2026).last_number == 43


def test_a_year_without_counter_starts_after_its_highest_reference(db):
    owner = make_user("applicant")
    for number in (7, 12000):
        db.session.add(
            Proposal(reference=f"GS-2025-{number:04d}", owner_id=owner.id, title="", content={})
        )
    db.session.commit()
    assert operations.create_proposal(owner, today=date(2025, 12, 1)).reference == "GS-2025-12001"


def _create_at_once(database_uri: str, owner_ids: list[int]) -> list[str]:
    """Each owner creates a draft at the same moment, in a thread of its own; the references,
    "conflict" for a creation refused with a message, or the error that escaped."""
    options: dict = {"pool_size": THREADS + 5}
    if database_uri.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    worker = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri, SQLALCHEMY_ENGINE_OPTIONS=options
    )
    barrier = threading.Barrier(len(owner_ids))

    def create(owner_id: int) -> str:
        with worker.app_context():
            try:
                owner = _db.session.get(User, owner_id)
                barrier.wait(timeout=60)
                reference = operations.create_proposal(owner, today=DAY).reference
                _db.session.commit()
                return reference
            except ConflictError:
                return "conflict"
            except Exception as error:
                return f"error: {error!r}"[:300]
            finally:
                _db.session.rollback()
                _db.session.remove()

    try:
        with ThreadPoolExecutor(max_workers=len(owner_ids)) as pool:
            return list(pool.map(create, owner_ids))
    finally:
        with worker.app_context():
            _db.engine.dispose()


def test_simultaneous_creations_never_share_a_number(app, db, database_uri):
    owner_ids = []
    for _ in range(THREADS):
        owner_ids.append(make_user("applicant").id)
    operations.create_proposal(db.session.get(User, owner_ids[0]), today=DAY)
    db.session.commit()
    results = _create_at_once(database_uri, owner_ids)
    assert not [r for r in results if r.startswith("error")], results
    created = [r for r in results if r != "conflict"]
    assert len(created) == len(set(created))
    stored = list(
        db.session.scalars(select(Proposal.reference).where(Proposal.owner_id.in_(owner_ids)))
    )
    assert len(stored) == len(set(stored)) == len(created) + 1
    # Locked (PostgreSQL: an advisory lock; SQLite: the write lock taken before the counter
    # is read): nobody has to try again.
    assert sorted(created) == [f"GS-2026-{n:04d}" for n in range(2, THREADS + 2)]


def test_simultaneous_first_creations_of_a_year_all_succeed(app, db, database_uri):
    """The year's counter does not exist yet: every creation reads the highest reference,
    then inserts the counter. On SQLite a creation that read before another one committed
    could no longer write ("database is locked" at once, a 500 in the load test)."""
    owner_ids = [make_user("applicant").id for _ in range(THREADS)]
    db.session.commit()
    results = _create_at_once(database_uri, owner_ids)
    assert sorted(results) == [f"GS-2026-{n:04d}" for n in range(1, THREADS + 1)], results
    assert db.session.get(ReferenceCounter, 2026).last_number == THREADS

"""app/conflicts.py: which database errors are a lost race, on the suite's real database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.conflicts import flush_or_conflict, is_lost_race
from app.domain import ConflictError
from app.models import User


def _twin(user: User) -> User:
    return User(email=user.email, name="Zwilling", organisation="", password_hash="x")


def test_a_duplicate_row_is_a_lost_race_and_the_session_stays_usable(db, user_factory):
    user = user_factory("applicant")
    db.session.add(_twin(user))
    with pytest.raises(ConflictError) as refused:
        flush_or_conflict("Schon da.")
    assert refused.value.message == "Schon da." and refused.value.status_code == 409
    # Rolled back: the next query works (no PendingRollbackError) and nothing was stored.
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_unique_violation_is_recognised(db, user_factory):
    user = user_factory("applicant")
    db.session.add(_twin(user))
    with pytest.raises(IntegrityError) as raised:
        db.session.flush()
    assert is_lost_race(raised.value)
    db.session.rollback()


def test_a_lock_held_by_another_connection_is_a_lost_race(db, user_factory):
    user = user_factory("applicant")
    holder, waiter = db.engine.connect(), db.engine.connect()
    postgres = db.engine.dialect.name == "postgresql"
    try:
        holder.begin()
        holder.execute(update(User).where(User.id == user.id).values(name="Andere"))
        waiter.begin()
        wait = "SET LOCAL lock_timeout = '100ms'" if postgres else "PRAGMA busy_timeout = 0"
        waiter.execute(text(wait))
        with pytest.raises(DBAPIError) as raised:
            waiter.execute(update(User).where(User.id == user.id).values(name="Ich"))
        assert is_lost_race(raised.value)
    finally:
        holder.rollback()
        holder.close()
        waiter.invalidate()  # its changed timeout never goes back to the pool


def test_other_database_errors_are_not_a_lost_race(db):
    with pytest.raises(DBAPIError) as raised:
        db.session.execute(text("SELECT * FROM no_such_table"))
    assert not is_lost_race(raised.value)
    db.session.rollback()


def test_a_not_null_violation_is_a_bug_not_a_race(db):
    db.session.add(User(email="ohne-name@example.org", name=None, password_hash="x"))
    with pytest.raises(IntegrityError) as raised:
        db.session.flush()
    assert not is_lost_race(raised.value)
    db.session.rollback()

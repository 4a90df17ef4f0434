"""The session's user is loaded by the ORM with its roles in one statement.

The user ``load_user`` gives is an ordinary loaded user: every column the same as a plain
query's, persistent and unmodified, changes flushed as usual, roles right and kept right when
they change, and a user already in the session is not loaded twice.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, select

from app.models import User, UserRole
from app.security import load_user
from tests.factories import make_user


def _fresh_session(db) -> None:
    db.session.commit()
    db.session.remove()


def _statements(db):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    return seen, lambda: event.remove(db.engine, "before_cursor_execute", record)


def test_loaded_user_equals_an_orm_load(db):
    user = make_user("reviewer", "secretariat", name="Erika Muster", organisation="Land Berlin")
    identity = user.get_id()
    _fresh_session(db)

    seen, stop = _statements(db)
    try:
        loaded = load_user(identity)
    finally:
        stop()

    assert len(seen) == 1, seen
    state = inspect(loaded)
    assert state.persistent and not state.modified
    assert loaded in db.session and not db.session.dirty and not db.session.new
    assert loaded.roles == frozenset({"reviewer", "secretariat"})
    assert loaded.has_role("secretariat") and not loaded.has_role("admin")
    columns = [prop.key for prop in User.__mapper__.column_attrs]
    mine = {key: getattr(loaded, key) for key in columns}
    db.session.expunge(loaded)
    orm = db.session.execute(select(User).where(User.id == loaded.id)).scalar_one()
    assert mine == {key: getattr(orm, key) for key in columns}


def test_user_without_roles_loads_with_none(db):
    user = make_user()
    user.set_roles([])
    identity = user.get_id()
    _fresh_session(db)

    loaded = load_user(identity)

    assert loaded is not None and loaded.roles == frozenset()
    assert loaded.role_rows == []


def test_changes_to_the_loaded_user_are_flushed(db):
    user = make_user("applicant", name="Alt")
    identity, user_id = user.get_id(), user.id
    _fresh_session(db)

    loaded = load_user(identity)
    loaded.name = "Neu"
    loaded.set_roles({"applicant", "reviewer"})
    assert loaded.roles == frozenset({"applicant", "reviewer"})
    _fresh_session(db)

    again = db.session.get(User, user_id)
    assert again.name == "Neu"
    stored = db.session.scalars(select(UserRole.role).where(UserRole.user_id == user_id)).all()
    assert sorted(stored) == ["applicant", "reviewer"]


def test_role_removed_in_the_same_request_shows_at_once(db):
    user = make_user("reviewer", "admin")
    identity = user.get_id()
    _fresh_session(db)

    loaded = load_user(identity)
    loaded.set_roles({"reviewer"})

    assert not loaded.has_role("admin")
    assert loaded.roles == frozenset({"reviewer"})


def test_user_already_in_the_session_is_reused(db):
    user = make_user("reviewer")
    db.session.commit()
    identity = user.get_id()  # refreshes the expired user: now loaded in the session

    seen, stop = _statements(db)
    try:
        loaded = load_user(identity)
    finally:
        stop()

    assert loaded is user
    assert seen == []


def test_stale_token_inactive_and_unknown_users_are_refused(db):
    user = make_user("reviewer")
    old = user.get_id()
    user.rotate_session_token()
    other = make_user("reviewer")
    other.active = False
    inactive = other.get_id()
    _fresh_session(db)

    assert load_user(old) is None
    assert load_user(inactive) is None
    assert load_user("987654321:whatever") is None
    assert load_user("1e3:token") is None
    assert load_user("7:") is None

"""PostgreSQL cursors describe their result columns only when the description is read.

SQLAlchemy reads ``cursor.description`` after every statement; for a statement it ran before
it only needs to know that there is one. psycopg would build a ``Column`` per result column
each time (about 2 µs each); ``DescribedOnDemandCursor`` builds them on first read.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import select, text

from app.db_setup import DescribedOnDemandCursor, Description
from app.extensions import db as _db
from app.models import User

COLUMNS = "SELECT 1 AS one, 'zwei'::text AS two, now() AS three, NULL::numeric(5, 2) AS four"


def _as_tuples(description) -> list[tuple]:
    return [tuple(column) for column in description]


@pytest.fixture
def dbapi(app):
    """The DBAPI connection of a pooled connection of the app's engine."""
    with _db.engine.connect() as connection:
        yield connection.connection.dbapi_connection


def test_pooled_connections_use_the_cursor_on_postgresql_only(dbapi):
    cursor = dbapi.cursor()
    if _db.engine.dialect.name == "sqlite":
        assert not isinstance(cursor, psycopg.Cursor)
        return
    assert isinstance(cursor, DescribedOnDemandCursor)


def test_the_description_is_psycopgs_own_and_keeps_its_result(dbapi, database_uri):
    if _db.engine.dialect.name == "sqlite":  # sqlite3's own cursor, untouched
        cursor = dbapi.cursor()
        cursor.execute("SELECT 1 AS one, 'zwei' AS two")
        assert [column[0] for column in cursor.description] == ["one", "two"]
        return
    plain = psycopg.connect(database_uri.replace("+psycopg", ""), autocommit=True)
    try:
        expected = plain.execute(COLUMNS).description
        cursor = dbapi.cursor()
        cursor.execute(COLUMNS)
        described = cursor.description
        assert isinstance(described, Description)
        assert len(described) == 4
        assert _as_tuples(described) == _as_tuples(expected)
        assert [column.name for column in described] == ["one", "two", "three", "four"]
        assert described[-1].type_display == "numeric(5,2)"
        assert [column.name for column in described[1:3]] == ["two", "three"]
        cursor.execute("SELECT 'x' AS other")  # a later result does not change the first
        assert [column.name for column in described] == ["one", "two", "three", "four"]
        assert cursor.description[0].name == "other"
        cursor.execute("CREATE TEMPORARY TABLE description_probe (x integer)")
        assert cursor.description is None and plain.execute("SELECT").description == []
        cursor.execute("SELECT")
        assert cursor.description == []  # a result set without columns, as psycopg has it
    finally:
        plain.close()


def test_a_statement_run_before_makes_no_column_objects(app, user_factory, monkeypatch):
    """SQLAlchemy knows a cached statement's columns: reading the rows needs no description."""
    made: list[str] = []
    column_init = psycopg.Column.__init__

    def counted(self, cursor, index):
        column_init(self, cursor, index)
        made.append(self.name)

    monkeypatch.setattr(psycopg.Column, "__init__", counted)
    user = user_factory("applicant")
    statement = select(User.id, User.email, User.name).where(User.id == user.id)
    with _db.engine.connect() as connection:
        made.clear()  # the dialect's own first queries on a new engine
        first = connection.execute(statement).all()
        after_first = list(made)
        second = connection.execute(statement).all()
        by_name = connection.execute(text("SELECT id AS ident FROM users")).mappings().all()
    assert first == second == [(user.id, user.email, user.name)]
    assert by_name == [{"ident": user.id}]  # a textual statement reads the names it is given
    if _db.engine.dialect.name == "sqlite":
        assert made == []  # psycopg is not involved
        return
    assert after_first == ["id", "email", "name"]  # the first run: SQLAlchemy learns them
    assert made == ["id", "email", "name", "ident"]  # the second run made none

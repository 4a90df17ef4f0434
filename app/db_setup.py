"""Database connection settings that SQLAlchemy cannot express in the URL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: write-ahead log (readers never block the writer, crash-safe), a busy timeout
    instead of immediate 'database is locked' errors, and enforced foreign keys."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "connect")
def _psycopg_cursors(dbapi_connection, _record) -> None:
    """PostgreSQL: cursors that describe their result columns only when asked to."""
    if isinstance(dbapi_connection, psycopg.Connection):
        dbapi_connection.cursor_factory = DescribedOnDemandCursor


class DescribedOnDemandCursor(psycopg.Cursor):
    """A psycopg cursor whose ``description`` makes its ``Column`` objects when first read.

    SQLAlchemy reads ``cursor.description`` after every statement, but for a statement it
    has run before it only asks whether there is one: the result's columns are known from
    the first run. psycopg builds the whole list on every read, a ``Column`` per result
    column (name decoded, type looked up): about 2 µs each, 30-70 µs for a page's
    statement of many columns, on every request. Here the list is made on first use, from
    the result the statement returned, so a later statement on the cursor cannot change it.
    """

    @property
    def description(self) -> Sequence[psycopg.Column] | None:
        """The current result's columns (None without a result set), as psycopg has them."""
        result = self.pgresult
        if result is None or not result.nfields:
            return super().description
        return Description(_ResultOf(result, self._encoding, self.adapters), result.nfields)


class _ResultOf:
    """What psycopg's ``Column`` reads of a cursor, fixed to one result."""

    __slots__ = ("_encoding", "adapters", "pgresult")

    def __init__(self, pgresult: Any, encoding: str, adapters: Any) -> None:
        self.pgresult = pgresult
        self._encoding = encoding
        self.adapters = adapters


class Description(Sequence):
    """A cursor description: the list of ``psycopg.Column``, made when first read."""

    __slots__ = ("_columns", "_length", "_result")

    def __init__(self, result: _ResultOf, length: int) -> None:
        self._result = result
        self._length = length
        self._columns: list[psycopg.Column] | None = None

    def _all(self) -> list[psycopg.Column]:
        if self._columns is None:
            self._columns = [psycopg.Column(self._result, i) for i in range(self._length)]
        return self._columns

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        return self._all()[index]

    def __iter__(self) -> Iterator[psycopg.Column]:
        return iter(self._all())

    def __repr__(self) -> str:
        return repr(self._all())

"""Lost races: what the database says when two requests wrote the same thing at once.

Every write is protected by the database (a unique constraint, the ``lock_version``
compare-and-set, a row lock); the request that loses learns it from one of the errors below.
``flush_or_conflict`` turns them into a ``ConflictError`` where an operation wants its own
message; whatever escapes a view is answered by the error handlers (``app/errors.py``, the
API's ``app/api/problems.py``) with the German 409, after the session was rolled back, so
the error page can query again.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from app.domain import ConflictError
from app.extensions import db

CONFLICT_MESSAGE = _l(
    "Die Daten wurden zwischenzeitlich von einer anderen Anfrage geändert. Bitte laden Sie "
    "die Seite neu und prüfen Sie, ob Ihre Aktion noch nötig ist."
)

# PostgreSQL SQLSTATEs: unique and foreign-key violation (the row was written or deleted
# meanwhile), serialization failure, deadlock, lock not available.
RACE_SQLSTATES = frozenset({"23505", "23503", "40001", "40P01", "55P03"})
# SQLite: the same constraints; and another connection holds the write lock past the busy
# timeout, or committed after this transaction read (it cannot become a writer then).
RACE_SQLITE_ERRORS = (
    "SQLITE_CONSTRAINT_UNIQUE",
    "SQLITE_CONSTRAINT_PRIMARYKEY",
    "SQLITE_CONSTRAINT_FOREIGNKEY",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
)

RACE_ERRORS = (IntegrityError, StaleDataError, OperationalError)


def is_lost_race(error: BaseException) -> bool:
    """True for the database's answers to a concurrent write; a NOT NULL or CHECK violation
    (a bug) or an outage is not one."""
    if isinstance(error, StaleDataError):
        return True
    if not isinstance(error, IntegrityError | OperationalError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) in RACE_SQLSTATES:
        return True
    return str(getattr(original, "sqlite_errorname", "")).startswith(RACE_SQLITE_ERRORS)


def flush_or_conflict(message: str | None = None) -> None:
    """Flush; a lost race becomes a ConflictError, after the session was rolled back."""
    try:
        db.session.flush()
    except SQLAlchemyError as error:
        if not is_lost_race(error):
            raise
        db.session.rollback()
        raise ConflictError(str(message or CONFLICT_MESSAGE)) from None


def sqlite_write_lock() -> None:
    """SQLite: take the database's write lock now (``BEGIN IMMEDIATE``, waiting up to the busy
    timeout), unless this transaction already began; PostgreSQL locks rows instead.

    A transaction that reads first and writes later cannot write once another connection has
    committed since its read (SQLite answers "database is locked" at once), and it decides on
    what it read: two requests would both pass a check. Holding the write lock before the
    read makes them wait for one another, as ``FOR UPDATE`` or an advisory lock does on
    PostgreSQL; the second then reads what the first wrote.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

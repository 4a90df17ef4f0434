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

# PostgreSQL: serialization failure, deadlock, lock not available.
LOCK_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
# SQLite: another connection holds the write lock past the busy timeout, or committed after
# this transaction read (a read transaction cannot become a write transaction then).
SQLITE_LOCK_ERRORS = ("SQLITE_BUSY", "SQLITE_LOCKED")

RACE_ERRORS = (IntegrityError, StaleDataError, OperationalError)


def is_lost_race(error: BaseException) -> bool:
    """True for the database's answers to a concurrent write (not for an outage)."""
    if isinstance(error, IntegrityError | StaleDataError):
        return True
    if not isinstance(error, OperationalError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) in LOCK_SQLSTATES:
        return True
    return str(getattr(original, "sqlite_errorname", "")).startswith(SQLITE_LOCK_ERRORS)


def flush_or_conflict(message: str | None = None) -> None:
    """Flush; a lost race becomes a ConflictError, after the session was rolled back."""
    try:
        db.session.flush()
    except SQLAlchemyError as error:
        if not is_lost_race(error):
            raise
        db.session.rollback()
        raise ConflictError(str(message or CONFLICT_MESSAGE)) from None

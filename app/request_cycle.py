"""One commit per request: commit after a successful response, roll back otherwise."""

from __future__ import annotations

from flask import Flask, Response, current_app
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db


def init_app(app: Flask) -> None:
    """Register the commit/rollback hooks."""
    app.after_request(_commit_or_rollback)


def _commit_or_rollback(response: Response) -> Response:
    """Commit when the view succeeded; a conflict at commit time becomes a 409.

    A request that never used the database (no session was made in its app context, e.g. a
    visitor's static information page) has nothing to commit or roll back: it is left alone
    instead of making a session only to end it. After-commit hooks only ever follow writes.
    """
    if not db.session.registry.has():
        return response
    if response.status_code >= 400:
        db.session.rollback()
        return response
    if _nothing_to_commit():
        return response
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError, OperationalError):
        db.session.rollback()
        from app.errors import render_error

        body, status = render_error(409)
        return Response(body, status=status, mimetype="text/html")
    _run_after_commit_hooks()
    return response


def _nothing_to_commit() -> bool:
    """True if the request only read: no changes in the session, and the database connection
    is not inside a transaction (psycopg only begins one before a statement that is not run
    on its own, see ``single_statements``; SQLite's driver only before a write). Committing
    would then only walk SQLAlchemy's transaction machinery (about 0.1 ms) for nothing;
    the connection goes back to the pool when the session is removed, as after a commit.
    Any write, also one made with Core statements, leaves the connection in a transaction,
    so it is committed as usual."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return False
    if not session.in_transaction():
        return True
    connection = session.connection()
    dbapi = connection.connection.dbapi_connection
    if dbapi is None:
        return False
    if connection.dialect.driver == "psycopg":
        from psycopg.pq import TransactionStatus

        return dbapi.info.transaction_status == TransactionStatus.IDLE
    if connection.dialect.name == "sqlite":
        return not dbapi.in_transaction
    return False


def _run_after_commit_hooks() -> None:
    """Effects that cannot be undone (e-mail) run only after a successful commit."""
    app = current_app._get_current_object()
    for hook in app.extensions.get("after_commit", ()):
        try:
            hook(app)
        except Exception:  # the request succeeded; hooks retry later
            app.logger.exception("After-commit hook failed")

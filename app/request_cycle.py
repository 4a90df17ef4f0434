"""One commit per request: commit after a successful response, roll back otherwise."""

from __future__ import annotations

from flask import Flask, Response, current_app

from app.conflicts import CONFLICT_MESSAGE, RACE_ERRORS, is_lost_race
from app.errors import render_error
from app.extensions import db


def init_app(app: Flask) -> None:
    """Register the commit/rollback hooks."""
    app.after_request(_commit_or_rollback)


def _commit_or_rollback(response: Response) -> Response:
    """Commit when the view succeeded; a conflict at commit time becomes a 409.

    A request that never used the database has nothing to commit or roll back. After-commit
    hooks run after every successful commit; they send only what a write put in the outbox.
    """
    if not db.session.registry.has():
        return response
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except RACE_ERRORS as error:
        db.session.rollback()
        if not is_lost_race(error):
            raise
        body, status = render_error(409, str(CONFLICT_MESSAGE))
        return Response(body, status=status, mimetype="text/html")
    _run_after_commit_hooks()
    return response


def _run_after_commit_hooks() -> None:
    """Effects that cannot be undone (e-mail) run only after a successful commit."""
    for hook in current_app.extensions.get("after_commit", ()):
        try:
            hook(current_app)
        except Exception:  # the request succeeded; hooks retry later
            current_app.logger.exception("After-commit hook failed")

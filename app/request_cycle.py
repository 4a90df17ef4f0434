"""One commit per request: commit after a successful response, roll back otherwise."""

from __future__ import annotations

from flask import Flask, Response, render_template
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db


def init_app(app: Flask) -> None:
    """Register the commit/rollback hooks."""
    app.after_request(_commit_or_rollback)


def _commit_or_rollback(response: Response) -> Response:
    """Commit when the view succeeded; a conflict at commit time becomes a 409."""
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError, OperationalError):
        db.session.rollback()
        body = render_template(
            "errors/error.html",
            code=409,
            title="Konflikt",
            message="Die Daten wurden zwischenzeitlich geändert. Bitte laden Sie die Seite neu "
            "und versuchen Sie es noch einmal.",
        )
        return Response(body, status=409, mimetype="text/html")
    return response

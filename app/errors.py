"""German error pages; never a traceback outside debug mode."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.conflicts import CONFLICT_MESSAGE, RACE_ERRORS, is_lost_race
from app.extensions import db
from app.security_events import security_event

MESSAGES = {
    400: (_l("Ungültige Anfrage"), _l("Die Anfrage konnte nicht verarbeitet werden.")),
    401: (_l("Anmeldung erforderlich"), _l("Bitte melden Sie sich an.")),
    403: (_l("Zugriff verweigert"), _l("Sie sind nicht berechtigt, diese Seite aufzurufen.")),
    404: (
        _l("Seite nicht gefunden"),
        _l("Die aufgerufene Seite gibt es nicht. Bitte prüfen Sie die Adresse."),
    ),
    405: (_l("Aktion nicht möglich"), _l("Diese Aktion ist auf diesem Weg nicht möglich.")),
    409: (
        _l("Zwischenzeitlich geändert"),
        _l("Die Daten wurden zwischenzeitlich geändert. Bitte laden Sie die Seite neu."),
    ),
    413: (_l("Anfrage zu groß"), _l("Die gesendeten Daten sind zu umfangreich.")),
    429: (
        _l("Zu viele Versuche"),
        _l(
            "Es gab zu viele Versuche in kurzer Zeit. Bitte warten Sie einige Minuten und "
            "versuchen Sie es dann erneut."
        ),
    ),
    500: (
        _l("Interner Fehler"),
        _l("Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es später erneut."),
    ),
}

CSRF_MESSAGE = _l(
    "Das Formular ist abgelaufen oder unvollständig (Sicherheitsmerkmal fehlt). "
    "Bitte laden Sie die Seite neu und senden Sie das Formular noch einmal."
)


def way_back(code: int) -> tuple[str, str] | None:
    """Where the user can go on from a refused request (URL and link text): the proposal an
    action was about (it exists and is visible: only a 400 or 409 comes after that check),
    else the page of this site the user came from."""
    proposal_id = (request.view_args or {}).get("proposal_id")
    on_its_page = request.endpoint == "workflow.show_proposal"
    if proposal_id and code in (400, 409) and not on_its_page:
        url = url_for("workflow.show_proposal", proposal_id=proposal_id)
        return url, str(_l("Zurück zum Antrag"))
    referrer = urlsplit(request.referrer or "")
    same_site = referrer.netloc == request.host and referrer.path.startswith("/")
    if same_site and not referrer.path.startswith("//") and referrer.path != request.path:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        return path, str(_l("Zurück zur vorherigen Seite"))
    return None


def render_error(code: int, message: str | None = None):
    """Render the error page for an HTTP status code, with the way back where there is one."""
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    back = way_back(code) if code < 500 else None
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title,
            message=message or default_message,
            back=back,
        ),
        code,
    )


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        security_event("csrf_failed", reason=error.description)
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # the page was made where the error arose
            return error.response
        code = error.code or 500
        custom = getattr(error, "german_message", None)
        return render_error(code if code in MESSAGES else 400, custom)

    for race_error in RACE_ERRORS:
        app.register_error_handler(race_error, lost_race)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if app.debug or (app.testing and app.config.get("PROPAGATE_EXCEPTIONS")):
            raise error
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)


def lost_race(error: Exception):
    """A write that lost a race (duplicate row, stale version, lock): roll back, then 409.

    The rollback comes first: the error page reads the signed-in user and the navigation.
    Anything else of these classes (a database outage) stays an unexpected error.
    """
    db.session.rollback()
    if not is_lost_race(error):
        raise error
    current_app.logger.warning("Lost race answered with 409: %s", type(error).__name__)
    return render_error(409, str(CONFLICT_MESSAGE))

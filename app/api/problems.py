"""Problem documents (RFC 9457) for every error under /api/ and /oparl/."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Flask, current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.wrappers import Response

from app.conflicts import CONFLICT_MESSAGE, is_lost_race
from app.errors import MESSAGES, render_error
from app.extensions import db

API_PREFIXES = ("/api/", "/oparl/")
OPARL_PREFIX = "/oparl/"
OPARL_ERROR_TYPE = "https://schema.oparl.org/1.1/Error"
PROBLEM_MIMETYPE = "application/problem+json"
BEARER_CHALLENGE = 'Bearer realm="Gremienportal"'

DETAILS = {
    404: _l("Die angefragte Ressource gibt es nicht."),
    405: _l("Diese Methode ist für die Ressource nicht erlaubt; die API ist nur lesbar."),
    429: _l("Zu viele Anfragen in kurzer Zeit. Bitte warten Sie und versuchen Sie es erneut."),
    500: _l("Es ist ein unerwarteter Fehler aufgetreten."),
}


class Problem(Exception):
    """An error answered with a problem document; ``detail`` is German."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        invalid_params: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.invalid_params = invalid_params


def invalid_parameter(name: str, reason: str) -> Problem:
    """A 400 problem naming the offending query parameter."""
    detail = _("Ungültiger Parameter „%(name)s“: %(reason)s", name=name, reason=reason)
    return Problem(400, detail, invalid_params=[{"name": name, "reason": reason}])


def is_api_path(path: str) -> bool:
    """True for URLs answered by the API or the OParl interface."""
    return path.startswith(API_PREFIXES)


def _oparl_error(problem: Problem, title: str) -> tuple[dict[str, Any], str]:
    """OParl 1.1 error object: ``type`` Error, the German ``message``, ``debug`` details."""
    debug: dict[str, Any] = {"status": problem.status, "title": title}
    if problem.invalid_params:
        debug["invalid_params"] = problem.invalid_params
    document = {"type": OPARL_ERROR_TYPE, "message": str(problem.detail), "debug": debug}
    return document, "application/json"


def problem_response(problem: Problem) -> Response:
    """Serialise a problem as application/problem+json (an OParl error object under /oparl/)."""
    title = MESSAGES.get(problem.status, MESSAGES[500])[0]
    if request.path.startswith(OPARL_PREFIX):
        document, mimetype = _oparl_error(problem, str(title))
    else:
        document, mimetype = _problem_document(problem, str(title)), PROBLEM_MIMETYPE
    response = Response(json.dumps(document, ensure_ascii=False), problem.status, mimetype=mimetype)
    response.headers.update(problem.headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def _problem_document(problem: Problem, title: str) -> dict[str, Any]:
    document: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": problem.status,
        "detail": str(problem.detail),
        "instance": quote(request.path, safe="/:@!$&'()*+,;="),
    }
    if problem.invalid_params:
        document["invalid_params"] = problem.invalid_params
    return document


def _from_http_exception(error: HTTPException) -> Problem:
    code = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type",)}
    if code in DETAILS:
        detail = str(DETAILS[code])
    elif error.description:
        detail = _(error.description)
    else:
        detail = str(DETAILS[500])
    return Problem(code, detail, headers=headers)


def handle_problem(problem: Problem) -> Response:
    """Blueprint handler for raised problems."""
    return problem_response(problem)


def handle_http_exception(error: HTTPException) -> Response:
    """Blueprint handler: abort(404), 405, 429 from the rate limiter, …"""
    return problem_response(_from_http_exception(error))


def handle_unexpected(error: Exception) -> Response:
    """Blueprint handler: a bug becomes a 500 problem, never a traceback; a write that lost a
    race (e.g. a token's last use recorded twice) a 409 one."""
    if is_lost_race(error):
        db.session.rollback()
        return problem_response(Problem(409, str(CONFLICT_MESSAGE)))
    if current_app.debug or (
        current_app.testing and current_app.config.get("PROPAGATE_EXCEPTIONS")
    ):
        raise error
    db.session.rollback()
    current_app.logger.exception("Unhandled API error")
    return problem_response(Problem(500, str(DETAILS[500])))


def register_blueprint_handlers(bp: Blueprint) -> None:
    """JSON errors for everything raised inside the blueprint's requests."""
    bp.register_error_handler(Problem, handle_problem)
    bp.register_error_handler(HTTPException, handle_http_exception)
    bp.register_error_handler(Exception, handle_unexpected)


def _routing_error(error: HTTPException):
    """404/405 before any blueprint matched: JSON under the API prefixes, HTML elsewhere."""
    if is_api_path(request.path):
        return handle_http_exception(error)
    return render_error(error.code or 404, getattr(error, "german_message", None))


def init_app(app: Flask) -> None:
    """App-level handlers for unknown URLs and methods under the API prefixes."""
    if app.extensions.get("api_problems"):
        return
    app.extensions["api_problems"] = True
    app.register_error_handler(NotFound, _routing_error)
    app.register_error_handler(MethodNotAllowed, _routing_error)

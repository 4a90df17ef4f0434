"""Security events: one record each on the logger ``gremienportal.security``.

Each event carries its name, the request ID, the signed-in user (or the API token's user),
the client address, method and path, plus the fields given. Never a password, a token or a
token hash; the e-mail address of a failed sign-in only as a keyed reference (see
``account_reference``). Logging must never fail a request, so errors are swallowed here.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request

from app.logging_setup import SECURITY_LOGGER_NAME, current_request_id

SECURITY_LOGGER = logging.getLogger(SECURITY_LOGGER_NAME)
PATH_MAX = 200
VALUE_MAX = 100
WARNING_EVENTS = frozenset(
    {
        "access_denied",
        "api_token_rejected",
        "csrf_failed",
        "login_failed",
        "login_throttled",
        "object_not_found",
        "password_change_failed",
        "password_change_throttled",
        "rate_limited",
        "second_factor_enrol_failed",
        "second_factor_failed",
        "second_factor_reset",
        "second_factor_throttled",
    }
)

# A 429 on these endpoints is a throttled credential check, anywhere else a rate limit.
THROTTLED_EVENTS = {
    "auth.login": "login_throttled",
    "auth.change_password": "password_change_throttled",
    "auth.verify_second_factor": "second_factor_throttled",
    "auth.enrol_second_factor": "second_factor_throttled",
}


def security_event(name: str, **fields: Any) -> None:
    """Log a security event with the request's context; fields set to None are left out."""
    with contextlib.suppress(Exception):
        event_fields = _request_fields()
        event_fields.update({k: v for k, v in fields.items() if v is not None})
        level = logging.WARNING if name in WARNING_EVENTS else logging.INFO
        SECURITY_LOGGER.log(
            level,
            "%s",
            name,
            extra={
                "event": name,
                "event_fields": event_fields,
                "request_id": current_request_id(),
            },
        )


def account_reference(email: str) -> str:
    """A keyed, shortened hash of an e-mail address that matches no account.

    It lets an operator see many attempts on one name (or many names from one address)
    without the log holding what was typed, which may be a mistyped password.
    """
    key = str(current_app.config.get("SECRET_KEY") or "").encode()
    digest = hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()
    return digest[:16]


def _request_fields() -> dict[str, Any]:
    if not has_request_context():
        return {}
    fields: dict[str, Any] = {}
    user_id = _acting_user_id()
    if user_id is not None:
        fields["user_id"] = user_id
    fields.update(client=request.remote_addr, method=request.method, path=request.path[:PATH_MAX])
    return fields


def _acting_user_id() -> int | None:
    """The user signed in by cookie (app.security.load_user), else the token's user: read
    from ``g`` so that logging never loads a user, even after a rollback."""
    return g.get("signed_in_user_id") or g.get("api_user_id")


def install_status_events(app: Flask) -> None:
    """Log refusals by their status, whichever handler (HTML or API problem) answered."""
    app.after_request(_status_event)


def _status_event(response: Response) -> Response:
    status = response.status_code
    with contextlib.suppress(Exception):
        if status == 403:
            security_event("access_denied")
        elif status == 404 and request.view_args and not _serves_file():
            security_event("object_not_found", view_args=_view_args())
        elif status == 429:
            security_event(THROTTLED_EVENTS.get(request.endpoint, "rate_limited"))
    return response


def _serves_file() -> bool:
    return request.endpoint == "static" or request.blueprint == "assets"


def _view_args() -> dict[str, Any]:
    """The object the URL named (e.g. proposal_id=7), values shortened; kept apart from the
    event's own fields, since a URL's user_id is the object, not the acting user."""
    return {
        key: value if isinstance(value, int) else str(value)[:VALUE_MAX]
        for key, value in (request.view_args or {}).items()
    }

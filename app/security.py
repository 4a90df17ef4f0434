"""Sessions, sign-in state and security headers."""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin, current_user, logout_user
from sqlalchemy.orm import joinedload

from app.api.problems import is_api_path
from app.extensions import db, login_manager
from app.models import User
from app.security_events import security_event

# The idle-timeout timestamp in the cookie is refreshed at most this often, so that most
# responses send no Set-Cookie. The idle timeout thus ends a session up to this many seconds
# early, never late.
SEEN_AT_GRANULARITY = 60

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    """Configure Flask-Login, the session timeouts and the response headers."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are bound by the DB token instead
    login_manager.user_loader(load_user)
    app.before_request(enforce_session_timeouts)
    app.after_request(add_security_headers)


def load_user(identity: str) -> User | None:
    """Load the user of a session, if its token is still the current one."""
    user_id, _, token = identity.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 18) or not token:
        return None
    # The roles in the same statement: every signed-in page needs them.
    user = db.session.get(User, int(user_id), options=[joinedload(User.role_rows)])
    if user is None or not user.active or not user.matches_session(token):
        return None
    g.signed_in_user_id = user.id  # for the security log, which must not load the user again
    return user


def start_session(user: User) -> None:
    """Record when the session began; used for the absolute timeout."""
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now
    session.permanent = True


def acting_user() -> User | AnonymousUserMixin:
    """The request's user as an ORM object (Flask-Login's anonymous user for visitors).

    ``current_user`` is a proxy; operations that store the user in a relationship need the
    object itself, which the session's identity map holds since Flask-Login loaded it (no
    query)."""
    if not current_user.is_authenticated:
        return current_user
    return db.session.get(User, current_user.id)


def serves_asset() -> bool:
    """CSS and fonts are the same for everyone: their requests never touch the session."""
    return request.blueprint == "assets" or request.endpoint == "static"


def enforce_session_timeouts() -> Response | None:
    """End sessions that were idle too long or exceed the absolute lifetime (the APIs are
    signed in by token, never by the cookie)."""
    if serves_asset() or is_api_path(request.path):
        return None
    user = acting_user()
    if not user.is_authenticated:
        return None
    now = int(time.time())
    config = current_app.config
    idle = config["SESSION_IDLE_TIMEOUT"].total_seconds()
    absolute = config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()
    login_at = session.get("login_at", 0)
    seen_at = session.get("seen_at", 0)
    if now - seen_at > idle or now - login_at > absolute:
        reason = "absolute" if now - login_at > absolute else "idle"
        security_event("session_expired", reason=reason, user_id=user.id)
        logout_user()
        session.clear()
        flash(_("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."), "info")
        return redirect(url_for("auth.login", next=request.path))
    if now - seen_at >= SEEN_AT_GRANULARITY:
        session["seen_at"] = now
    return None


def add_security_headers(response: Response) -> Response:
    """Add the security headers to every response (a header the view set is kept)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Assets and the APIs never look at the session cookie (so responses do not vary by it).
    cookie_free = serves_asset() or is_api_path(request.path)
    signed_in = not cookie_free and current_user_is_signed_in()
    if signed_in and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def current_user_is_signed_in() -> bool:
    """True when a signed-in user's page is being served (those must not be cached)."""
    try:
        return bool(current_user.is_authenticated)
    except Exception:  # outside a request context with a user loaded
        return False

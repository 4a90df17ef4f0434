"""Sessions, sign-in state and security headers."""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import AnonymousUserMixin, current_user, logout_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature
from sqlalchemy import bindparam, select
from sqlalchemy.orm.util import identity_key

from app.extensions import db, login_manager, single_statements
from app.extensions import gettext as _
from app.extensions import lazy_gettext as _l
from app.models import User, UserRole
from app.security_events import security_event

# The idle-timeout timestamp in the cookie is refreshed at most this often, so that most
# responses send no Set-Cookie. The idle timeout thus ends a session up to this many seconds
# early, never late.
SEEN_AT_GRANULARITY = 60
# Session cookies whose signature check is remembered per process (see open_session below).
VERIFIED_COOKIES = 4096

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
    app.session_interface = AssetFreeSessionInterface()
    app.before_request(enforce_session_timeouts)
    app.before_request(reuse_signed_csrf_token)
    app.after_request(add_security_headers)


class AssetFreeSessionInterface(SecureCookieSessionInterface):
    """Cookie sessions that never send a cookie with a (publicly cacheable) asset.

    Checking a cookie's signature and decoding it (HMAC, base64, zlib, tagged JSON) cost every
    signed-in request more than a tenth of a millisecond, for the same cookie each time: a
    browser sends one value until the session changes. So a cookie value that passed the
    check is remembered (per process, bounded) with its content and signing time; the very
    same value is then accepted without the check while it is younger than the session
    lifetime, exactly as the check itself would decide. Any other value, even one differing
    in a single character, is checked in full. Only sessions whose values are all immutable
    (strings, numbers, booleans) are remembered, and each request gets its own copy, so a
    change made by one request never shows in another.
    """

    def __init__(self) -> None:
        self._verified: dict[tuple[str | bytes, str], tuple[int, dict]] = {}

    def open_session(self, app: Flask, request) -> SecureCookieSession | None:
        """The session of the request's cookie; a cookie checked before is not checked again."""
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (app.secret_key, value)
        known = self._verified.get(key)
        if known is not None and 0 <= int(time.time()) - known[0] <= max_age:
            return self.session_class(known[1])
        try:
            data, signed_at = self.get_signing_serializer(app).loads(
                value, max_age=max_age, return_timestamp=True
            )
        except BadSignature:
            return self.session_class()
        if all(isinstance(item, str | int | float | bool) for item in data.values()):
            if len(self._verified) >= VERIFIED_COOKIES:
                self._verified.clear()
            self._verified[key] = (int(signed_at.timestamp()), dict(data))
        return self.session_class(data)

    def should_set_cookie(self, app: Flask, session) -> bool:
        """Only a changed session is sent again: its expiry is the absolute timeout anyway."""
        return session.modified

    def save_session(self, app: Flask, session, response: Response) -> None:
        """Refresh the cookie as usual, except on CSS and font responses."""
        if not serves_asset():
            super().save_session(app, session, response)


# One statement: the user's columns with one row per role (the relationship's default is a
# second SELECT ... IN, which every signed-in request would pay for), read without the ORM's
# result processing and attached as a loaded user (User.attach_loaded). Built once: a
# statement made per request costs the building and its cache key on every signed-in request.
_USER_COLUMNS = User.user_columns()
_USER_NAMES = [name for name, _column in _USER_COLUMNS]
_USER_WITH_ROLES = (
    select(*(column for _name, column in _USER_COLUMNS), UserRole.role)
    .outerjoin(UserRole, UserRole.user_id == User.id)
    .where(User.id == bindparam("user_id"))
)


def load_user(identity: str) -> User | None:
    """Load the user of a session, if its token is still the current one."""
    user_id, _, token = identity.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 18) or not token:
        return None
    session = db.session()
    user = session.identity_map.get(identity_key(User, int(user_id)))
    if user is None:
        with single_statements() as connection:  # one round trip: no BEGIN/COMMIT around it
            rows = connection.execute(_USER_WITH_ROLES, {"user_id": int(user_id)}).all()
        if rows:
            values = dict(zip(_USER_NAMES, rows[0], strict=False))
            user = User.attach_loaded(session, values, [row[-1] for row in rows if row[-1]])
    if user is None or not user.active or not user.matches_session(token):
        return None
    return user


def start_session(user: User) -> None:
    """Record when the session began; used for the absolute timeout."""
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now
    session.permanent = True


def acting_user() -> User | AnonymousUserMixin | None:
    """The request's user itself, not Flask-Login's ``current_user`` proxy.

    Every attribute read through a Werkzeug proxy costs about 2 µs (Python's normal look-up
    fails first, building an AttributeError, before the proxy is asked), and through
    ``current_user`` about 5 µs (Flask-Login finds the user in ``g`` again each time). A view
    that hands the user to a few checks and queries resolves it once with this. None
    outside a request.
    """
    return current_user._get_current_object()


def serves_asset() -> bool:
    """CSS and fonts are the same for everyone: their requests never touch the session."""
    served = request._get_current_object()  # one proxy look-up, not one per attribute
    return served.blueprint == "assets" or served.endpoint == "static"


def enforce_session_timeouts() -> Response | None:
    """End sessions that were idle too long or exceed the absolute lifetime."""
    if serves_asset():
        return None
    user = acting_user()
    if not user.is_authenticated:
        return None
    now = int(time.time())
    config = current_app.config
    idle = config["SESSION_IDLE_TIMEOUT"].total_seconds()
    absolute = config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()
    kept = session._get_current_object()
    login_at = kept.get("login_at", 0)
    seen_at = kept.get("seen_at", 0)
    if now - seen_at > idle or now - login_at > absolute:
        reason = "absolute" if now - login_at > absolute else "idle"
        security_event("session_expired", reason=reason, user_id=user.id)
        logout_user()
        kept.clear()
        flash(_("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."), "info")
        return redirect(url_for("auth.login", next=request.path))
    if now - seen_at >= SEEN_AT_GRANULARITY:
        kept["seen_at"] = now
    return None


# Signed CSRF tokens kept per process: (secret, field name, session's raw token) -> (signed
# token, when it was signed).
_SIGNED_CSRF: dict[tuple[str | bytes, str, str], tuple[str, int]] = {}
SIGNED_CSRF_TOKENS = 4096
SIGNED_CSRF_REUSE_SECONDS = 60


def reuse_signed_csrf_token() -> None:
    """A page that shows a form signs the session's CSRF token again (HMAC, base64, time
    stamp): every signed-in page does, for the sign-out button. Flask-WTF keeps the signed
    token for the rest of the request in ``g``; this puts the one signed for the same session
    token shortly before there, on GET and HEAD requests only (a POST may start a new session
    and is signed afresh). Validation compares the raw token in the session, which is the
    same; with a time limit (``WTF_CSRF_TIME_LIMIT``) a reused token is at most a tenth of it,
    and never more than a minute, older. Another session has another raw token, so it never
    gets this one.
    """
    if request.method not in {"GET", "HEAD"} or serves_asset():
        return
    app = current_app._get_current_object()  # each proxy resolved once (see acting_user)
    config = app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session._get_current_object().get(field)
    request_globals = g._get_current_object()
    if not isinstance(raw, str) or field in request_globals:
        return
    secret = config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    limit = config.get("WTF_CSRF_TIME_LIMIT")
    reuse = (
        SIGNED_CSRF_REUSE_SECONDS if limit is None else min(SIGNED_CSRF_REUSE_SECONDS, limit / 10)
    )
    now = int(time.time())
    key = (secret, field, raw)
    known = _SIGNED_CSRF.get(key)
    if known is None or not 0 <= now - known[1] < reuse:
        signed = generate_csrf()
        if len(_SIGNED_CSRF) >= SIGNED_CSRF_TOKENS:
            _SIGNED_CSRF.clear()
        _SIGNED_CSRF[key] = (signed, now)
        return
    setattr(request_globals, field, known[0])


def add_security_headers(response: Response) -> Response:
    """Add the security headers to every response (a header the view set is kept).

    One pass over the response's headers instead of a search per header (``setdefault``).
    """
    headers = response.headers
    present = set(headers.keys(lower=True))
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    if "cache-control" not in present and not serves_asset() and current_user_is_signed_in():
        headers.add("Cache-Control", "no-store")
    return response


def current_user_is_signed_in() -> bool:
    """True when a signed-in user's page is being served (those must not be cached)."""
    try:
        return bool(acting_user().is_authenticated)
    except Exception:  # outside a request context with a user loaded
        return False

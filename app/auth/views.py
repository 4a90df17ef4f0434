"""Sign in (password, then the second factor), sign out, change the own password."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from app.api.problems import is_api_path
from app.auth import operations, second_factor
from app.auth.forms import (
    ChangePasswordForm,
    DisableSecondFactorForm,
    EnrolForm,
    LoginForm,
    SecondFactorForm,
)
from app.domain import DomainError
from app.extensions import db, limiter
from app.forms_common import show_domain_error
from app.models.user import User
from app.security import acting_user, serves_asset, start_session

bp = Blueprint("auth", __name__)

FAILED_LOGIN = _l("E-Mail-Adresse oder Passwort sind nicht korrekt.")
WRONG_CODE = _l("Der Code ist nicht gültig oder wurde bereits verwendet.")
# Between password and code the session holds only this (user id and session token) and
# when it was set; the code must follow within PENDING_SECONDS.
PENDING_USER = "second_factor_user"
PENDING_SINCE = "second_factor_since"
PENDING_NEXT = "second_factor_next"
PENDING_SECONDS = 300
ENROLLING = "second_factor_enrolling"
# What a user who must enrol may still reach before doing so.
OPEN_WHILE_ENROLLING = frozenset({"auth.enrol_second_factor", "auth.logout"})


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_key() -> str:
    return "login-account:" + request.form.get("email", "").strip().lower()[:254]


def _failed_attempt(response) -> bool:
    """Only failed sign-in attempts count towards the limit."""
    return request.method == "POST" and response.status_code != 302


def _password_change_key() -> str:
    return f"password-change-account:{current_user.get_id()}"


def _wrong_current_password(response) -> bool:
    """Only a wrong current password counts, not a refused new one."""
    return g.get("wrong_current_password", False)


def _pending_key() -> str:
    return "second-factor-account:" + str(session.get(PENDING_USER, "")).partition(":")[0]


def _enrol_key() -> str:
    return f"second-factor-enrol:{current_user.get_id()}"


def _renew_csrf_token() -> None:
    """A new session user gets a new CSRF token: Flask-WTF makes one when the old is gone."""
    session.pop("csrf_token", None)


def _safe_next(target: str | None) -> str:
    """Only redirect to paths on this site."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("main.index")


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_attempt)
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key, deduct_when=_failed_attempt)
def login():
    """Sign in with e-mail and password."""
    if acting_user().is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None and user.has_second_factor:
            _await_second_factor(user, request.args.get("next"))
            return redirect(url_for("auth.verify_second_factor"))
        if user is not None:
            _sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(str(FAILED_LOGIN))
    status = 200 if request.method == "GET" else 401 if form.form_errors else 400
    return render_template("auth/login.html", form=form), status


def _sign_in(user: User) -> None:
    """Start the signed-in session (a new CSRF token for the new session user)."""
    login_user(user)
    start_session(user)
    _renew_csrf_token()
    session.pop(ENROLLING, None)  # a key offered to whoever used this browser before
    flash(_("Willkommen, %(name)s.", name=user.name), "success")


def _await_second_factor(user: User, next_url: str | None) -> None:
    """The password was right: remember who is to give the code, not yet signed in."""
    session[PENDING_USER] = f"{user.id}:{user.session_token}"
    session[PENDING_SINCE] = int(time.time())
    session[PENDING_NEXT] = _safe_next(next_url)


def _pending_user() -> User | None:
    """The user whose password was accepted moments ago in this session, if any."""
    user_id, _, token = str(session.get(PENDING_USER, "")).partition(":")
    fresh = time.time() - session.get(PENDING_SINCE, 0) <= PENDING_SECONDS
    if not (fresh and user_id.isdigit() and len(user_id) <= 18 and token):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not user.matches_session(token):
        return None
    return user


@bp.route("/anmelden/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_attempt)
@limiter.limit(_login_limit, methods=["POST"], key_func=_pending_key, deduct_when=_failed_attempt)
def verify_second_factor():
    """Second step of the sign-in: the code from the app, or a recovery code."""
    user = _pending_user()
    if user is None:
        flash(_("Bitte melden Sie sich erneut mit E-Mail-Adresse und Passwort an."), "info")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        kind = second_factor.verify(user, form.code.data)
        if kind is not None:
            return _finish_second_factor(user, kind)
        form.code.errors.append(str(WRONG_CODE))
    status = 200 if request.method == "GET" else 401 if form.code.errors else 400
    return render_template("auth/second_factor.html", form=form), status


def _finish_second_factor(user: User, kind: str):
    next_url = session.get(PENDING_NEXT)
    for key in (PENDING_USER, PENDING_SINCE, PENDING_NEXT):
        session.pop(key, None)
    _sign_in(user)
    if kind == "recovery":
        flash(
            _(
                "Sie haben sich mit einem Wiederherstellungscode angemeldet; %(n)d sind noch "
                "übrig. Richten Sie den zweiten Faktor mit Ihrem neuen Gerät neu ein.",
                n=second_factor.remaining_recovery_codes(user),
            ),
            "warning",
        )
        return redirect(url_for("auth.enrol_second_factor"))
    return redirect(_safe_next(next_url))


@bp.before_app_request
def require_second_factor():
    """The office and administrators enrol a second factor before doing anything else."""
    if serves_asset() or is_api_path(request.path) or request.endpoint in OPEN_WHILE_ENROLLING:
        return None
    if not current_user.is_authenticated:
        return None
    if current_user.requires_second_factor and not current_user.has_second_factor:
        flash(
            _(
                "Für Ihre Rolle ist ein zweiter Faktor vorgeschrieben. "
                "Bitte richten Sie ihn jetzt ein."
            ),
            "info",
        )
        return redirect(url_for("auth.enrol_second_factor"))
    return None


@bp.route("/konto/zweiter-faktor", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_enrol_key, deduct_when=_failed_attempt)
@login_required
def enrol_second_factor():
    """Set up (or set up anew) the authenticator app; shows the recovery codes once."""
    user = acting_user()
    secret = session.get(ENROLLING) or second_factor.new_secret()
    session[ENROLLING] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            codes = second_factor.enrol(user, secret, form.code.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            session.pop(ENROLLING, None)
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = second_factor.provisioning_uri(user, secret)
    page = render_template(
        "auth/second_factor_setup.html",
        form=form,
        user=user,
        qr_code=second_factor.qr_code_data_uri(uri),
        secret=second_factor.grouped_secret(secret),
        remaining=second_factor.remaining_recovery_codes(user) if user.has_second_factor else 0,
        disable_form=DisableSecondFactorForm(),
    )
    return page, 400 if request.method == "POST" else 200


@bp.post("/konto/zweiter-faktor/abschalten")
@login_required
def disable_second_factor():
    """Switch a voluntary second factor off."""
    if not DisableSecondFactorForm().validate_on_submit():
        abort(400)
    try:
        second_factor.disable(acting_user())
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(url_for("auth.enrol_second_factor"))
    flash(_("Der zweite Faktor ist abgeschaltet."), "success")
    return redirect(url_for("main.index"))


@bp.post("/abmelden")
@login_required
def logout():
    """Sign out everywhere: the session token changes, every cookie copy becomes invalid."""
    operations.sign_out(acting_user())
    logout_user()
    _renew_csrf_token()
    flash(_("Sie haben sich abgemeldet."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/konto/passwort", methods=["GET", "POST"])
@limiter.limit(
    _login_limit,
    methods=["POST"],
    key_func=_password_change_key,
    deduct_when=_wrong_current_password,
)
@login_required
def change_password():
    """Change the own password; signs out every other session."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = acting_user()
        try:
            operations.change_password(user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            g.wrong_current_password = error.field == "current_password"
            getattr(form, error.field).errors.append(error.message)
        else:
            login_user(user)  # keep this session, with the new token
            start_session(user)
            flash(_("Ihr Passwort wurde geändert. Andere Sitzungen wurden beendet."), "success")
            return redirect(url_for("main.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/change_password.html", form=form), status

"""Sign in, sign out, change the own password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
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

from app.auth import operations
from app.auth.forms import ChangePasswordForm, LoginForm
from app.domain import DomainError
from app.extensions import limiter
from app.security import acting_user, start_session

bp = Blueprint("auth", __name__)

FAILED_LOGIN = _l("E-Mail-Adresse oder Passwort sind nicht korrekt.")


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
        if user is not None:
            login_user(user)
            start_session(user)
            _renew_csrf_token()
            flash(_("Willkommen, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(str(FAILED_LOGIN))
    status = 200 if request.method == "GET" else 401 if form.form_errors else 400
    return render_template("auth/login.html", form=form), status


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

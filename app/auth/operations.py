"""Sign-in and password actions."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.password_policy import check_new_password
from app.domain import DomainError
from app.extensions import db
from app.models.base import utcnow
from app.models.user import User, dummy_password_check
from app.security_events import account_reference, security_event


def find_user_by_email(email: str) -> User | None:
    """The account with this e-mail address (case-insensitive), if any."""
    return db.session.scalar(select(User).where(User.email == User.normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; takes the same time either way."""
    user = find_user_by_email(email)
    if user is None:
        dummy_password_check(password)
        security_event(
            "login_failed", reason="unknown_account", account_ref=account_reference(email)
        )
        return None
    if not user.check_password(password):
        security_event("login_failed", reason="wrong_password", account_id=user.id)
        return None
    if not user.active:
        security_event("login_failed", reason="inactive_account", account_id=user.id)
        return None
    user.last_login_at = utcnow()
    db.session.flush()
    security_event("login_succeeded", user_id=user.id)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the password after checking the current one; ends all sessions."""
    if not user.check_password(current_password):
        security_event("password_change_failed", reason="wrong_current_password")
        raise DomainError(_("Das aktuelle Passwort ist nicht korrekt."), field="current_password")
    if current_password == new_password:
        raise DomainError(
            _("Das neue Passwort muss sich vom bisherigen unterscheiden."), field="new_password"
        )
    check_new_password(new_password, email=user.email, name=user.name, field="new_password")
    user.set_password(new_password)
    db.session.flush()
    security_event("password_changed", user_id=user.id)


def sign_out(user: User) -> None:
    """End every session of the user (all copies of the cookie)."""
    user.rotate_session_token()
    db.session.flush()
    security_event("logout", user_id=user.id)

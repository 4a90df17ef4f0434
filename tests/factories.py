"""Factories for test objects, built through the real operations."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pyotp
from sqlalchemy import select, update

from app.admin import operations as accounts
from app.auth import second_factor
from app.extensions import db
from app.models.base import utcnow
from app.models.user import User

DEFAULT_PASSWORD = "Richtig-Langes-Passwort-1"
_counter = itertools.count(1)


def make_user(
    *roles: str,
    email: str | None = None,
    name: str | None = None,
    enrolled: bool | None = None,
    **kwargs,
) -> User:
    """A new active user holding the given roles (default: applicant).

    ``enrolled``: give the user a second factor (default: where the roles require one, so
    that the office and administrators can sign in as in production).
    """
    number = next(_counter)
    user = accounts.create_user(
        email=email or f"person{number}@verwaltung.example.org",
        name=name or f"Person {number}",
        organisation=kwargs.pop("organisation", "Testbehörde"),
        password=kwargs.pop("password", DEFAULT_PASSWORD),
        roles=roles or ("applicant",),
    )
    if enrolled is None:
        enrolled = user.requires_second_factor
    if enrolled:
        give_second_factor(user)
    return user


def give_second_factor(user: User) -> None:
    """Enrol the user's second factor as if done on the enrolment page (tests read the
    secret from the database to compute the codes the user's app would show)."""
    user.totp_secret = second_factor.new_secret()
    user.totp_enrolled_at = utcnow()
    db.session.flush()


def fresh_totp_code(email: str) -> str:
    """The code the user's app shows now, for a time step the server has not accepted yet.

    A person signing in twice within one 30-second step waits for the next code; a test
    does not wait: if the current step was already used, the user's last accepted step is
    set back (a shortcut for time passing, on its own connection, never done by the app).
    """
    with db.engine.begin() as connection:
        secret, last_step = connection.execute(
            select(User.totp_secret, User.totp_last_step).where(
                User.email == User.normalise_email(email)
            )
        ).one()
        totp = pyotp.TOTP(secret)
        current = totp.timecode(datetime.now(UTC))
        if last_step is not None and last_step >= current:
            connection.execute(
                update(User)
                .where(User.email == User.normalise_email(email))
                .values(totp_last_step=current - 2)
            )
    return totp.generate_otp(current)

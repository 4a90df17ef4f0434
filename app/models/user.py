"""User accounts and their roles."""

from __future__ import annotations

import contextlib
import enum
import hmac
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TimestampMixin

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class Role(enum.StrEnum):
    """Account roles; a user may hold several."""

    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    SECRETARIAT = "secretariat"
    ADMIN = "admin"


# They decide and publish on the council's behalf: a second factor is required for them.
SECOND_FACTOR_ROLES = frozenset({Role.SECRETARIAT.value, Role.ADMIN.value})

ROLE_LABELS = {
    Role.APPLICANT.value: "Antragsteller:in",
    Role.REVIEWER.value: "Prüfer:in",
    Role.SECRETARIAT.value: "Geschäftsstelle",
    Role.ADMIN.value: "Administrator:in",
}


def new_session_token() -> str:
    """A fresh random token; changing it ends every session of the user."""
    return secrets.token_urlsafe(32)


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class User(TimestampMixin, db.Model):
    """An account: signs in with e-mail and password."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lowercase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when a departed person's account was anonymised (name, e-mail replaced).
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The second factor (TOTP, RFC 6238): the shared secret in base32, set when enrolled,
    # and the last time step a code was accepted for (a code is never accepted twice).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # The council member (the Bund or a Land) this account acts for: it co-signs motions and
    # answers written procedures.
    council_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_members.id"), index=True
    )

    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=UserRole.role
    )

    @staticmethod
    def normalise_email(email: str) -> str:
        """E-mail addresses compare case-insensitively: store them lower-cased."""
        return email.strip().lower()

    @property
    def roles(self) -> frozenset[str]:
        """The role names this user holds."""
        return frozenset(row.role for row in self.role_rows)

    def set_roles(self, roles: set[str] | frozenset[str] | list[str]) -> None:
        """Replace the user's roles."""
        wanted = {Role(role).value for role in roles}
        self.role_rows = [row for row in self.role_rows if row.role in wanted]
        for role in sorted(wanted - self.roles):
            self.role_rows.append(UserRole(role=role))

    @property
    def is_anonymised(self) -> bool:
        """True once the account of a departed person was anonymised."""
        return self.anonymised_at is not None

    def has_role(self, *roles: str) -> bool:
        """True if the user holds any of the given roles."""
        return bool(self.roles.intersection(roles))

    @property
    def has_second_factor(self) -> bool:
        """True once the user enrolled an authenticator app."""
        return self.totp_secret is not None

    @property
    def requires_second_factor(self) -> bool:
        """The office and administrators must use a second factor."""
        return bool(self.roles & SECOND_FACTOR_ROLES)

    def set_password(self, password: str) -> None:
        """Hash and store a new password; ends all other sessions."""
        self.password_hash = _hasher.hash(password)
        self.rotate_session_token()

    def check_password(self, password: str) -> bool:
        """Verify a password against the stored argon2id hash."""
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def rotate_session_token(self) -> None:
        """Invalidate every existing session cookie of this user."""
        self.session_token = new_session_token()

    # Flask-Login protocol -------------------------------------------------
    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot sign in."""
        return self.active

    @property
    def is_authenticated(self) -> bool:
        """Loaded users are authenticated (anonymous users are a separate class)."""
        return True

    @property
    def is_anonymous(self) -> bool:
        """Never anonymous."""
        return False

    def get_id(self) -> str:
        """The session identity: id plus the current session token."""
        return f"{self.id}:{self.session_token}"

    def matches_session(self, token: str) -> bool:
        """Compare a session's token with the current one in constant time."""
        return hmac.compare_digest(self.session_token, token)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


def dummy_password_check(password: str) -> None:
    """Spend the same time as a real check, so unknown e-mails are not revealed by timing."""
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_DUMMY_HASH, password)


_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

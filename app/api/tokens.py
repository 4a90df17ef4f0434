"""API tokens: issue, revoke, list, and authenticate a request's bearer token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from app.api.http import as_utc
from app.api.problems import BEARER_CHALLENGE, Problem
from app.domain import DomainError
from app.extensions import db
from app.forms_common import CONTROL_CHARS
from app.models import ApiToken, User, UserRole
from app.models.api_token import hash_token, new_plaintext_token
from app.models.base import utcnow
from app.security_events import security_event

NAME_MAX = 100
LAST_USED_GRANULARITY = timedelta(minutes=1)  # spare a write on every request


@dataclass(frozen=True)
class ApiUser:
    """The account a request's token acts for: its id and roles, read with the token."""

    id: int
    roles: frozenset[str]

    def has_role(self, *roles: str) -> bool:
        """True if the account holds any of the given roles."""
        return not self.roles.isdisjoint(roles)


@dataclass(frozen=True)
class _PresentedToken:
    """The columns of a presented token and its account that authentication needs."""

    id: int
    user_id: int
    revoked: bool
    last_used_at: datetime | None
    active: bool
    roles: frozenset[str]


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its plaintext, which is shown exactly once."""

    token: ApiToken
    plaintext: str


def issue_token(*, user: User, name: str, actor: User) -> IssuedToken:
    """Create a token for an active user; only its hash is stored."""
    name = name.strip()
    if not name or len(name) > NAME_MAX or CONTROL_CHARS.search(name):
        raise DomainError(
            _("Bitte geben Sie eine Bezeichnung mit höchstens %(n)d Zeichen ein.", n=NAME_MAX),
            field="name",
        )
    if not user.active:
        raise DomainError(_("Das Konto ist deaktiviert."), field="user_id")
    plaintext = new_plaintext_token()
    token = ApiToken(
        name=name,
        user=user,
        token_hash=hash_token(plaintext),
        hint=plaintext[:8],
        created_by_id=actor.id,
    )
    db.session.add(token)
    db.session.flush()
    security_event("token_created", token_id=token.id, account_id=user.id, user_id=actor.id)
    return IssuedToken(token=token, plaintext=plaintext)


def revoke_token(token: ApiToken) -> None:
    """Revoke a token for good; revoking twice is refused, also when two admins click at once
    (the UPDATE only matches a token not yet revoked: one of them changes the row)."""
    stmt = (
        update(ApiToken)
        .where(ApiToken.id == token.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if db.session.execute(stmt).rowcount != 1:
        raise DomainError(_("Dieses Token wurde bereits widerrufen."))
    db.session.refresh(token)
    security_event("token_revoked", token_id=token.id, account_id=token.user_id)


def list_tokens() -> list[ApiToken]:
    """Every token, newest first, with its user."""
    stmt = select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id.desc())
    return list(db.session.scalars(stmt).unique())


def _unauthorized(detail: str, *, invalid: bool) -> Problem:
    challenge = BEARER_CHALLENGE + (', error="invalid_token"' if invalid else "")
    return Problem(401, detail, headers={"WWW-Authenticate": challenge})


# One statement, built once: the token, its account's state and one row per role (or one
# row without a role).
_TOKEN_LOOKUP = (
    select(
        ApiToken.id,
        ApiToken.user_id,
        ApiToken.revoked_at,
        ApiToken.last_used_at,
        User.active,
        UserRole.role,
    )
    .join(User, User.id == ApiToken.user_id)
    .outerjoin(UserRole, UserRole.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def _presented_token(value: str) -> _PresentedToken | None:
    rows = db.session.execute(_TOKEN_LOOKUP, {"token_hash": hash_token(value)}).all()
    if not rows:
        return None
    first = rows[0]
    return _PresentedToken(
        id=first.id,
        user_id=first.user_id,
        revoked=first.revoked_at is not None,
        last_used_at=first.last_used_at,
        active=first.active,
        roles=frozenset(row.role for row in rows if row.role is not None),
    )


def bearer_user() -> ApiUser:
    """The active account behind the request's bearer token, or a 401 problem."""
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        security_event("api_token_rejected", reason="missing")
        raise _unauthorized(
            _("Bitte authentifizieren Sie sich mit einem API-Token."), invalid=False
        )
    token = _presented_token(value)
    if token is None or token.revoked or not token.active:
        _rejected(token)
        raise _unauthorized(
            _("Das API-Token ist ungültig, widerrufen oder gehört zu einem deaktivierten Konto."),
            invalid=True,
        )
    _touch(token)
    g.api_user_id = token.user_id  # later events of this request name the token's user
    security_event("api_token_used", token_id=token.id, user_id=token.user_id)
    return ApiUser(id=token.user_id, roles=token.roles)


def _rejected(token: _PresentedToken | None) -> None:
    """Log a refused token by its row, never by the value that was presented."""
    if token is None:
        security_event("api_token_rejected", reason="unknown")
        return
    reason = "revoked" if token.revoked else "inactive_account"
    security_event("api_token_rejected", reason=reason, token_id=token.id, account_id=token.user_id)


def _touch(token: _PresentedToken) -> None:
    """Record the use, at most once per ``LAST_USED_GRANULARITY`` (committed with the request)."""
    now = utcnow()
    if token.last_used_at is None or now - as_utc(token.last_used_at) > LAST_USED_GRANULARITY:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))


def require_role(user: ApiUser, *roles: str) -> None:
    """A 403 problem unless the token's user holds one of the roles."""
    if not user.has_role(*roles):
        raise Problem(
            403, _("Das Konto dieses API-Tokens hat keine Rolle, die diese Daten sehen darf.")
        )

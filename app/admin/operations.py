"""Account management actions, used by the admin views and the CLI."""

from __future__ import annotations

from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.password_policy import check_new_password
from app.domain import DomainError
from app.extensions import db
from app.forms_common import CONTROL_CHARS
from app.models.council import CouncilMember, MemberKind
from app.models.user import ROLE_LABELS, Role, User
from app.security_events import security_event


def _check_roles(roles: Iterable[str]) -> set[str]:
    wanted = set(roles)
    unknown = wanted - set(ROLE_LABELS)
    if unknown:
        raise DomainError(
            _("Unbekannte Rolle: %(roles)s", roles=", ".join(sorted(unknown))), field="roles"
        )
    return wanted


def _check_text(value: str, field: str, label: str, max_length: int = 200) -> str:
    value = value.strip()
    if CONTROL_CHARS.search(value):
        raise DomainError(
            _("%(label)s: Steuerzeichen sind nicht erlaubt.", label=label), field=field
        )
    if len(value) > max_length:
        raise DomainError(
            _("%(label)s: höchstens %(n)d Zeichen.", label=label, n=max_length), field=field
        )
    return value


def create_user(
    *, email: str, name: str, password: str, roles: Iterable[str], organisation: str = ""
) -> User:
    """Create an active account; the e-mail must be new (case-insensitive)."""
    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise DomainError(
            _("Bitte geben Sie eine gültige E-Mail-Adresse ein."), field="email"
        ) from error
    email = User.normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise DomainError(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."), field="email")
    name = _check_text(name, "name", "Name")
    if not name:
        raise DomainError(_("Bitte geben Sie einen Namen ein."), field="name")
    check_new_password(password, email=email, name=name, field="password")
    user = User(
        email=email,
        name=name,
        organisation=_check_text(organisation, "organisation", "Organisation"),
    )
    user.set_password(password)
    user.set_roles(_check_roles(roles))
    db.session.add(user)
    db.session.flush()
    security_event("account_created", account_id=user.id, roles=sorted(user.roles))
    return user


def update_user(
    user: User, *, name: str, organisation: str, roles: Iterable[str], actor: User
) -> None:
    """Change name, organisation and roles; an admin cannot remove their own admin role."""
    wanted = _check_roles(roles)
    if user.id == actor.id and Role.ADMIN.value not in wanted:
        raise DomainError(
            _("Sie können sich die Administrationsrolle nicht selbst entziehen."), field="roles"
        )
    user.name = _check_text(name, "name", "Name") or user.name
    user.organisation = _check_text(organisation, "organisation", "Organisation")
    before = sorted(user.roles)
    user.set_roles(wanted)  # rights are read from the database on every request
    db.session.flush()
    if before != sorted(wanted):
        security_event(
            "roles_changed", account_id=user.id, roles_before=before, roles=sorted(wanted)
        )


def signing_members() -> list[CouncilMember]:
    """The members an account can act for: the Bund and the Länder, in their order."""
    stmt = (
        select(CouncilMember)
        .where(CouncilMember.kind.in_((MemberKind.BUND.value, MemberKind.LAND.value)))
        .order_by(CouncilMember.position)
    )
    return list(db.session.scalars(stmt))


def set_council_member(user: User, member_id: int | None) -> None:
    """Let the account act for the Bund or a Land (None: for no member)."""
    if member_id is not None and member_id not in {m.id for m in signing_members()}:
        raise DomainError(
            _("Bitte wählen Sie den Bund oder ein Land aus der Liste."), field="council_member"
        )
    before = user.council_member_id
    user.council_member_id = member_id
    db.session.flush()
    if before != member_id:
        security_event("council_member_changed", account_id=user.id, member_id=member_id)


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:
    """Activate or deactivate an account; deactivation ends all its sessions."""
    if actor is not None and user.id == actor.id and not active:
        raise DomainError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))
    user.active = active
    if not active:
        user.rotate_session_token()
    db.session.flush()
    security_event("account_activated" if active else "account_deactivated", account_id=user.id)


def set_password(user: User, password: str) -> None:
    """Set a new password (admin or CLI); ends all sessions of the user."""
    check_new_password(password, email=user.email, name=user.name, field="password")
    user.set_password(password)
    db.session.flush()
    security_event("password_reset", account_id=user.id)


def list_users() -> list[User]:
    """All accounts, ordered by name."""
    return list(db.session.scalars(select(User).order_by(User.name, User.id)))

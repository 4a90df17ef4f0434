"""The second factor: TOTP (RFC 6238) with pyotp, and single-use recovery codes.

A code is accepted for the current 30-second time step or one step either side (clock
drift), and only for a step later than the last one accepted for the user: the same code,
or an older one, is refused (a replay). The check and the update of the last step are one
conditional UPDATE, so two requests racing with one code cannot both pass. Recovery codes
are random (50 bits each), shown once, stored as SHA-256 hashes and used up the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime

import pyotp
import segno
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from app.domain import DomainError
from app.extensions import db
from app.models.base import utcnow
from app.models.recovery_code import RecoveryCode
from app.models.user import User
from app.security_events import security_event

ISSUER = "Gremienportal"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_GROUP = 5
TOTP_CODE = re.compile(r"[0-9]{6}")  # ASCII digits only (\d would take any script's)
DRIFT_STEPS = (-1, 0, 1)


def new_secret() -> str:
    """A fresh random shared secret (base32, 160 bits)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI that an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The QR code of a URI as an SVG data URI, drawn here (no external service)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4)


def grouped_secret(secret: str) -> str:
    """The secret in groups of four characters, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(code: str) -> str:
    """Codes are typed with spaces or dashes and in any case: compare without them."""
    return re.sub(r"[\s-]", "", code or "").lower()


def matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step whose code this is (current step ± one), or None."""
    if not TOTP_CODE.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or datetime.now(UTC))
    for offset in DRIFT_STEPS:
        if hmac.compare_digest(totp.generate_otp(current + offset), code):
            return current + offset
    return None


def enrol(user: User, secret: str, code: str) -> list[str]:
    """Activate the second factor after the user proved their app shows the right code;
    returns new recovery codes in plain text (shown once, stored hashed)."""
    step = matching_step(secret, normalise_code(code))
    if step is None:
        security_event("second_factor_enrol_failed", user_id=user.id)
        raise DomainError(
            _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code aus Ihrer App ein."),
            field="code",
        )
    user.totp_secret = secret
    user.totp_enrolled_at = utcnow()
    user.totp_last_step = step
    codes = replace_recovery_codes(user)
    security_event("second_factor_enrolled", user_id=user.id)
    return codes


def replace_recovery_codes(user: User) -> list[str]:
    """Discard the user's recovery codes and make new ones; returns them in plain text."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    db.session.flush()
    return codes


def verify(user: User, code: str) -> str | None:
    """Check a code from the app or a recovery code; returns "totp" or "recovery" when it
    was accepted (and used up), None when refused."""
    code = normalise_code(code)
    if user.totp_secret is None:
        return None
    if TOTP_CODE.fullmatch(code):
        accepted = _use_totp_step(user, code)
        kind = "totp"
    else:
        accepted = _use_recovery_code(user, code)
        kind = "recovery"
    if not accepted:
        security_event("second_factor_failed", user_id=user.id, kind=kind)
        return None
    security_event("second_factor_succeeded", user_id=user.id, kind=kind)
    return kind


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes the user has left."""
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def disable(user: User) -> None:
    """Switch the second factor off (only where no role requires it)."""
    if user.requires_second_factor:
        raise DomainError(_("Für Ihre Rolle ist der zweite Faktor vorgeschrieben."))
    remove(user)
    security_event("second_factor_disabled", user_id=user.id)


def reset(user: User, *, actor: User | None) -> None:
    """An administrator removes a user's second factor (lost device, no recovery code);
    every session of the user ends, and the office or an administrator enrols anew at the
    next sign-in."""
    remove(user)
    user.rotate_session_token()
    db.session.flush()
    actor_id = actor.id if actor is not None else None  # None: the command line
    security_event("second_factor_reset", account_id=user.id, actor_id=actor_id)


def set_demo_secret(user: User, secret: str) -> None:
    """Enrol a demo account with a published secret (development data only)."""
    user.totp_secret = secret
    user.totp_enrolled_at = utcnow()
    db.session.flush()


def remove(user: User) -> None:
    """Forget the secret and the recovery codes (disable, reset, anonymisation)."""
    user.totp_secret = None
    user.totp_enrolled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def _use_totp_step(user: User, code: str) -> bool:
    step = matching_step(user.totp_secret, code)
    if step is None:
        return False
    result = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return result.rowcount == 1


def _use_recovery_code(user: User, code: str) -> bool:
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return result.rowcount == 1


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(2 * RECOVERY_GROUP))
    return f"{raw[:RECOVERY_GROUP]}-{raw[RECOVERY_GROUP:]}"


def _hash(code: str) -> str:
    """Recovery codes carry 50 random bits: a plain SHA-256 suffices (no password hash)."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()

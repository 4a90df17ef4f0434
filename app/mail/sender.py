"""Send queued e-mails: at least once and, short of a crash mid-delivery, exactly once."""

from __future__ import annotations

import os
import smtplib
from datetime import timedelta
from email.message import EmailMessage

from flask import Flask, current_app, g
from sqlalchemy import or_, select, update

from app.extensions import db
from app.models import OutboxMessage
from app.models.base import utcnow

DEFAULTS = {
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": "25",
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_USE_TLS": "false",
    "MAIL_SENDER": "gremienportal@localhost",
    "MAIL_TIMEOUT": "10",
    "MAIL_MAX_ATTEMPTS": "5",
    "MAIL_INLINE_LIMIT": "20",
    "MAIL_CLAIM_LEASE": "300",
}


def setting(app: Flask, name: str) -> str:
    """A mail setting: app config first, then the environment, then the default."""
    value = app.config.get(name)
    if value is None:
        value = os.environ.get(name, DEFAULTS.get(name, ""))
    return str(value)


def backend(app: Flask) -> str:
    """'smtp' or 'log'; development and tests log unless told otherwise."""
    configured = app.config.get("MAIL_BACKEND") or os.environ.get("MAIL_BACKEND")
    if configured:
        return configured
    return "log" if app.debug or app.testing or app.config.get("ALLOW_DEMO_DATA") else "smtp"


def _as_email(app: Flask, message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = setting(app, "MAIL_SENDER")
    email["To"] = message.recipient
    email["Subject"] = message.subject
    # Stable per outbox row: a retry after a crash carries the same id, so the receiving
    # side (and the reliability tests) can recognise a duplicate delivery.
    sender_domain = setting(app, "MAIL_SENDER").rpartition("@")[2] or "localhost"
    email["Message-ID"] = f"<outbox-{message.id}@{sender_domain}>"
    email.set_content(message.body)
    return email


def _deliver_smtp(app: Flask, email: EmailMessage) -> None:
    timeout = float(setting(app, "MAIL_TIMEOUT"))
    host, port = setting(app, "MAIL_SERVER"), int(setting(app, "MAIL_PORT"))
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        if setting(app, "MAIL_USE_TLS").lower() in {"1", "true", "yes"}:
            smtp.starttls()
        if setting(app, "MAIL_USERNAME"):
            smtp.login(setting(app, "MAIL_USERNAME"), setting(app, "MAIL_PASSWORD"))
        smtp.send_message(email)


def deliver(app: Flask, message: OutboxMessage) -> None:
    """Hand one message to the configured backend; raises on failure."""
    email = _as_email(app, message)
    if backend(app) == "log":
        app.logger.info("E-Mail an %s: %s\n%s", message.recipient, message.subject, message.body)
        return
    _deliver_smtp(app, email)


def _pending_ids(app: Flask, limit: int) -> list[int]:
    stmt = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None))
        .where(OutboxMessage.attempts < int(setting(app, "MAIL_MAX_ATTEMPTS")))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def _claim(message_id: int) -> OutboxMessage | None:
    """Claim a message for this sender; None if another sender has it."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        stmt = (
            select(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
            .with_for_update(skip_locked=True)
        )
        return session.scalars(stmt).first()
    # SQLite: compare-and-set of a lease; a sender killed mid-delivery leaves the lease to
    # run out, and the message is sent again then (never lost).
    now = utcnow()
    expired = now - timedelta(seconds=int(setting(current_app, "MAIL_CLAIM_LEASE")))
    claimed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
        .where(or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < expired))
        .values(claimed_at=now)
    )
    session.commit()
    return session.get(OutboxMessage, message_id) if claimed.rowcount == 1 else None


def _send_one(app: Flask, message_id: int) -> bool:
    message = _claim(message_id)
    if message is None:
        return False
    try:
        deliver(app, message)
    except Exception as error:  # any failure is stored and retried later
        message.sent_at = None
        message.claimed_at = None
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        app.logger.warning("E-Mail %s nicht versandt: %s", message.id, message.last_error)
        return False
    message.sent_at = utcnow()
    message.attempts += 1
    message.last_error = None
    db.session.commit()
    return True


def send_pending(app: Flask, limit: int = 50) -> int:
    """Send up to limit unsent messages in their own session; returns how many went out."""
    with app.app_context():
        try:
            return sum(_send_one(app, message_id) for message_id in _pending_ids(app, limit))
        finally:
            db.session.rollback()
            db.session.remove()


def send_after_commit(app: Flask) -> None:
    """After-commit hook: send what this request queued, bounded; never fail the request."""
    if not g.pop("mail_queued", False):
        return
    try:
        send_pending(app, int(setting(app, "MAIL_INLINE_LIMIT")))
    except Exception:  # it stays queued for `flask mail send`
        app.logger.exception("Versand nach dem Speichern fehlgeschlagen")

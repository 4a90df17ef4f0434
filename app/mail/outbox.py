"""Queue e-mails in the outbox, inside the caller's transaction."""

from __future__ import annotations

from flask import g, has_app_context

from app.extensions import db
from app.models import OutboxMessage

HEADER_BREAKS = ("\r", "\n")


class HeaderInjectionError(ValueError):
    """A header value contained a line break."""


def _check_header(name: str, value: str) -> None:
    if any(char in value for char in HEADER_BREAKS):
        raise HeaderInjectionError(f"line break in mail header {name}")


def queue_mail(
    recipient: str, subject: str, body: str, dedup_key: str | None = None
) -> OutboxMessage:
    """Add a message to the outbox; it is sent once the transaction has committed."""
    subject, body = str(subject), str(body)  # translated text may arrive as a lazy string
    _check_header("To", recipient)
    _check_header("Subject", subject)
    message = OutboxMessage(
        recipient=recipient, subject=subject, body=body, dedup_key=dedup_key, attempts=0
    )
    db.session.add(message)
    if has_app_context():
        g.mail_queued = True
    return message

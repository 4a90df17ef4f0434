"""`flask mail send`: retry unsent e-mails (run it from cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.mail.sender import send_pending

mail_cli = AppGroup("mail", help="E-Mail-Versand.")


@mail_cli.command("send")
@click.option("--limit", default=200, show_default=True, help="Höchstens so viele Nachrichten.")
def send(limit: int) -> None:
    """Noch nicht versandte E-Mails senden."""
    sent = send_pending(current_app._get_current_object(), limit)
    click.echo(_("Versandt: %(count)d E-Mail(s).", count=sent))

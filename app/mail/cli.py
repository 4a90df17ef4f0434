"""`flask mail send`: retry unsent e-mails; `flask mail purge`: delete old sent ones (cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import ngettext

from app.admin.privacy import purge_sent_mail
from app.extensions import db
from app.mail.sender import send_pending

mail_cli = AppGroup("mail", help="E-Mail-Versand.")


@mail_cli.command("send")
@click.option("--limit", default=200, show_default=True, help="Höchstens so viele Nachrichten.")
def send(limit: int) -> None:
    """Noch nicht versandte E-Mails senden."""
    sent = send_pending(current_app, limit)
    click.echo(ngettext("Versandt: %(num)d E-Mail.", "Versandt: %(num)d E-Mails.", sent))


@mail_cli.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=1),
    required=True,
    help="Versandte E-Mails löschen, die älter als so viele Tage sind.",
)
def purge(days: int) -> None:
    """Versandte E-Mails nach Ablauf der Aufbewahrungsfrist löschen."""
    deleted = purge_sent_mail(days)
    db.session.commit()
    click.echo(
        ngettext(
            "Gelöscht: %(num)d versandte E-Mail.", "Gelöscht: %(num)d versandte E-Mails.", deleted
        )
    )

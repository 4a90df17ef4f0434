"""`flask council remind`: reminders before the deadline of written procedures (cron)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.council.reminders import queue_reminders
from app.extensions import db
from app.mail.sender import send_pending

SEND_LIMIT = 200
SEND_LIMIT = 200
council_cli = AppGroup("council", help="IT-Planungsrat: Umlaufverfahren.")


@council_cli.command("remind")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Erinnern, wenn die Frist in höchstens so vielen Tagen endet.",
)
def remind(days: int) -> None:
    """Erinnerungen an Mitglieder ohne Antwort einreihen und versenden (je Person einmal)."""
    queued = queue_reminders(days)
    db.session.commit()
    sent = send_pending(current_app, SEND_LIMIT)  # these and whatever else is still unsent
    message = _(
        "Erinnerungen eingereiht: %(queued)d; E-Mails versandt: %(sent)d", queued=queued, sent=sent
    )
    click.echo(message)


def init_app(app: Flask) -> None:
    """Register the command group."""
    app.cli.add_command(council_cli)

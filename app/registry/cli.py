"""`flask registry expiring` and `flask registry remind`: time limits from cron or a shell."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.extensions import db
from app.registry.operations import queue_expiry_reminders
from app.registry.queries import expiring_bodies

registry_cli = AppGroup("registry", help="Gremienregister: Befristungen.")


def _days(days: int | None) -> int:
    return days if days is not None else current_app.config.get("EXPIRY_WARNING_DAYS", 90)


@registry_cli.command("expiring")
@click.option("--days", type=click.IntRange(min=0), help="Vorwarnzeit in Tagen.")
def expiring(days: int | None) -> None:
    """Auslaufende Befristungen auflisten (Schlüssel, Name, Enddatum, verbleibende Tage)."""
    for item in expiring_bodies(_days(days)):
        body = item.body
        click.echo(f"{body.key}\t{body.name}\t{body.end_date.isoformat()}\t{item.days_left}")


@registry_cli.command("remind")
@click.option("--days", type=click.IntRange(min=0), help="Vorwarnzeit in Tagen.")
def remind(days: int | None) -> None:
    """Erinnerungen an die Geschäftsstelle einreihen (je Gremium und Frist einmal)."""
    queued = queue_expiry_reminders(_days(days))
    db.session.commit()
    click.echo(_("Erinnerungen eingereiht: %(count)d", count=queued))


def init_app(app: Flask) -> None:
    """Register the command group."""
    app.cli.add_command(registry_cli)

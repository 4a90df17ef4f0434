"""`flask audit verify`: check the hash chain of the history."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from app.audit.history import verify_chain

audit_cli = AppGroup("audit", help="Verlauf prüfen.")


@audit_cli.command("verify")
def verify() -> None:
    """Die Hash-Kette des Verlaufs vollständig prüfen."""
    report = verify_chain()
    if report.intact:
        click.echo(
            ngettext(
                "Verlauf intakt: %(num)d Ereignis",
                "Verlauf intakt: %(num)d Ereignisse",
                report.count,
            )
        )
        return
    click.echo(
        _(
            "Verlauf beschädigt: Ereignis %(id)s (%(reason)s).",
            id=report.broken_id,
            reason=report.reason,
        ),
        err=True,
    )
    sys.exit(1)


def init_app(app: Flask) -> None:
    """Register the audit command group."""
    app.cli.add_command(audit_cli)

"""`flask backup create` and `flask backup restore`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.backup.operations import create_backup, restore_backup
from app.domain import DomainError
from app.extensions import db

backup_cli = AppGroup("backup", help="Datenbank sichern und wiederherstellen.")


def _default_target() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(current_app.instance_path) / "backups" / f"gremienportal-{stamp}.backup"


@backup_cli.command("create")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def create(output: Path | None) -> None:
    """Eine Sicherung der Datenbank anlegen (im laufenden Betrieb möglich)."""
    target = output or _default_target()
    try:
        result = create_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Sicherung geschrieben: {result.path} ({result.size} Bytes)")


@backup_cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ohne Rückfrage wiederherstellen.")
def restore(source: Path, yes: bool) -> None:
    """Die Datenbank aus einer Sicherung wiederherstellen (ersetzt alle Daten)."""
    if not yes:
        click.confirm("Alle aktuellen Daten werden ersetzt. Fortfahren?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection may outlive the old content
    try:
        restore_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Wiederhergestellt aus {source}. Prüfen Sie den Verlauf: flask audit verify")


def init_app(app: Flask) -> None:
    """Register the backup command group."""
    app.cli.add_command(backup_cli)

"""Flask CLI commands: users, seed."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.admin import operations as accounts
from app.admin import privacy
from app.audit import cli as audit_cli
from app.auth import second_factor
from app.auth.operations import find_user_by_email
from app.backup import cli as backup_cli
from app.council import cli as council_cli
from app.council.demo import assign_demo_members, seed_demo_motions
from app.council.seed import load_members, load_seed_shares
from app.domain import DomainError
from app.extensions import db
from app.mail.cli import mail_cli
from app.models.user import ROLE_LABELS
from app.proposals.demo import seed_demo_proposals
from app.registry import cli as registry_cli
from app.registry.seed import load_seed_bodies

users_cli = AppGroup("users", help="Konten verwalten.")

DEMO_PASSWORD = "Gremienportal-Demo-2026"  # noqa: S105 - documented demo accounts, never in production
# The demo office and admin accounts need a second factor like everyone in their roles: they
# are enrolled with this published secret (type it into any TOTP app). Never in production.
DEMO_TOTP_SECRET = "GREMIENPORTALDEMOGREMIENPORTAL23"  # noqa: S105
DEMO_USERS = (
    ("antrag@demo.gremienportal.de", "Anna Antrag", "Senatskanzlei Hamburg", ("applicant",)),
    ("pruefung1@demo.gremienportal.de", "Paul Prüfer", "FITKO", ("reviewer",)),
    ("pruefung2@demo.gremienportal.de", "Petra Prüferin", "FITKO", ("reviewer",)),
    (
        "geschaeftsstelle@demo.gremienportal.de",
        "Gerd Geschäftsstelle",
        "Geschäftsstelle des IT-Planungsrats",
        ("secretariat",),
    ),
    ("admin@demo.gremienportal.de", "Ada Admin", "Betrieb Gremienportal", ("admin",)),
    # Representatives of two Länder: they co-sign the demo applicant's motions.
    ("hessen@demo.gremienportal.de", "Hanna Hessen", "Hessische Staatskanzlei", ("applicant",)),
    (
        "bremen@demo.gremienportal.de",
        "Bruno Bremen",
        "Senatorin für Finanzen Bremen",
        ("applicant",),
    ),
)


def _fail(error: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(error.message)


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--organisation", default="")
@click.option(
    "--role", "roles", multiple=True, type=click.Choice(sorted(ROLE_LABELS)), required=True
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(
    email: str, name: str, organisation: str, roles: tuple[str, ...], password: str
) -> None:
    """Ein Konto anlegen."""
    try:
        user = accounts.create_user(
            email=email, name=name, organisation=organisation, roles=roles, password=password
        )
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Konto angelegt: {user.email} ({', '.join(sorted(user.roles))})")


@users_cli.command("set-password")
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def set_password(email: str, password: str) -> None:
    """Ein neues Passwort setzen (beendet alle Sitzungen)."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Kein Konto mit der E-Mail-Adresse {email}.")
    try:
        accounts.set_password(user, password)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Passwort gesetzt für {user.email}.")


@users_cli.command("reset-second-factor")
@click.option("--email", required=True)
def reset_second_factor(email: str) -> None:
    """Den zweiten Faktor eines Kontos zurücksetzen (beendet alle Sitzungen)."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Kein Konto mit der E-Mail-Adresse {email}.")
    second_factor.reset(user, actor=None)
    db.session.commit()
    click.echo(
        f"Zweiter Faktor zurückgesetzt für {user.email}; "
        "er wird bei der nächsten Anmeldung neu eingerichtet."
    )


@users_cli.command("deactivate")
@click.option("--email", required=True)
def deactivate(email: str) -> None:
    """Ein Konto deaktivieren."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Kein Konto mit der E-Mail-Adresse {email}.")
    accounts.set_active(user, False)
    db.session.commit()
    click.echo(f"Konto deaktiviert: {user.email}")


@users_cli.command("list")
def list_users() -> None:
    """Alle Konten auflisten."""
    for user in accounts.list_users():
        status = "aktiv" if user.active else "deaktiviert"
        click.echo(f"{user.email}\t{user.name}\t{','.join(sorted(user.roles))}\t{status}")


@users_cli.command("export")
@click.argument("email")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Zieldatei.")
def export_user(email: str, output: str | None) -> None:
    """Datenauskunft: alles über eine Person als JSON (Art. 15 DSGVO)."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Kein Konto mit der E-Mail-Adresse {email}.")
    text = json.dumps(privacy.export_person(user), ensure_ascii=False, indent=2)
    if output is None:
        click.echo(text)
        return
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    click.echo(f"Datenauskunft für Konto {user.id} geschrieben: {output}", err=True)


@users_cli.command("anonymise")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Ohne Rückfrage anonymisieren.")
def anonymise_user(email: str, yes: bool) -> None:
    """Das Konto einer ausgeschiedenen Person anonymisieren (unumkehrbar)."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Kein Konto mit der E-Mail-Adresse {email}.")
    if not yes:
        click.confirm(f"Konto {user.email} unwiderruflich anonymisieren?", abort=True)
    try:
        privacy.anonymise_user(user, actor=None)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Konto {user.id} anonymisiert: {user.name} <{user.email}>")


def seed_demo_users() -> int:
    """Create the demo accounts that do not exist yet; returns how many were created."""
    created = 0
    for email, name, organisation, roles in DEMO_USERS:
        user = find_user_by_email(email)
        if user is None:
            user = accounts.create_user(
                email=email,
                name=name,
                organisation=organisation,
                roles=roles,
                password=DEMO_PASSWORD,
            )
            created += 1
        if user.requires_second_factor and not user.has_second_factor:
            second_factor.set_demo_secret(user, DEMO_TOTP_SECRET)
    return created


@click.command("seed")
@click.option("--demo", is_flag=True, help="Zusätzlich Demo-Konten und Beispielanträge anlegen.")
def seed(demo: bool) -> None:
    """Referenzdaten laden (Gremienstruktur, Mitglieder, Königsteiner Schlüssel); mit --demo auch
    Demo-Daten."""
    created, updated = load_seed_bodies()
    click.echo(f"Gremienstruktur: {created} neu, {updated} aktualisiert.")
    created, updated = load_members()
    click.echo(f"Mitglieder des IT-Planungsrats: {created} neu, {updated} aktualisiert.")
    if load_seed_shares():
        click.echo("Königsteiner Schlüssel 2016 angelegt.")
    if demo:
        if not current_app.config["ALLOW_DEMO_DATA"]:
            raise click.ClickException("Demo-Daten werden in der Produktion nicht angelegt.")
        click.echo(f"Demo-Konten: {seed_demo_users()} neu.")
        click.echo(
            "Zweiter Faktor der Demo-Konten Geschäftsstelle und Administration: "
            f"TOTP-Schlüssel {DEMO_TOTP_SECRET} (in eine Authenticator-App eintragen)."
        )
        click.echo(seed_demo_proposals())
        assign_demo_members()
        click.echo(seed_demo_motions())
    db.session.commit()


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(users_cli)
    app.cli.add_command(seed)
    app.cli.add_command(mail_cli)
    audit_cli.init_app(app)
    registry_cli.init_app(app)
    backup_cli.init_app(app)
    council_cli.init_app(app)

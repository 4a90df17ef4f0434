"""The flask CLI: users and seed."""

from __future__ import annotations

import pyotp
from sqlalchemy import func, select

from app.cli import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS
from app.models.body import Body
from app.models.user import User


def test_users_create_list_and_set_password(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Cli@Verwaltung.example.org",
            "--name",
            "CLI Person",
            "--role",
            "reviewer",
            "--role",
            "secretariat",
            "--password",
            "Ein-CLI-Passwort-1",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "cli@verwaltung.example.org"))
    assert user.roles == {"reviewer", "secretariat"}
    listing = runner.invoke(args=["users", "list"])
    assert (
        "cli@verwaltung.example.org" in listing.output and "reviewer,secretariat" in listing.output
    )
    token_before = user.session_token
    result = runner.invoke(
        args=["users", "set-password", "--email", "cli@verwaltung.example.org"],
        input="Noch-ein-Passwort-2\nNoch-ein-Passwort-2\n",
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.check_password("Noch-ein-Passwort-2") and user.session_token != token_before


def test_users_create_refuses_duplicates_and_short_passwords(app, db):
    runner = app.test_cli_runner()
    base = [
        "users",
        "create",
        "--email",
        "x@verwaltung.example.org",
        "--name",
        "X",
        "--role",
        "admin",
    ]
    assert runner.invoke(args=[*base, "--password", "kurz"]).exit_code != 0
    assert runner.invoke(args=[*base, "--password", "Lang-genuges-Passwort"]).exit_code == 0
    again = runner.invoke(args=[*base, "--password", "Lang-genuges-Passwort"])
    assert again.exit_code != 0 and "bereits ein Konto" in again.output
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_seed_is_idempotent(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "--demo"])
    assert first.exit_code == 0, first.output
    bodies = db.session.scalar(select(func.count(Body.id)))
    users = db.session.scalar(select(func.count(User.id)))
    assert bodies >= 20 and users == len(DEMO_USERS)
    second = runner.invoke(args=["seed", "--demo"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(select(func.count(Body.id))) == bodies
    assert db.session.scalar(select(func.count(User.id))) == users
    reviewers = [u for u in db.session.scalars(select(User)) if "reviewer" in u.roles]
    assert len(reviewers) == 2


def test_seed_links_parents(app, db):
    app.test_cli_runner().invoke(args=["seed"])
    green_it = db.session.scalar(select(Body).where(Body.name.contains("Green-IT")))
    assert green_it.parent is not None and green_it.parent.key == "it-planungsrat"


def test_demo_data_refused_when_not_allowed(app):
    app.config["ALLOW_DEMO_DATA"] = False
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code != 0 and "Produktion" in result.output


def test_demo_office_signs_in_with_the_published_second_factor(app, db, web):
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert DEMO_TOTP_SECRET in result.output
    response = web.post(
        "/anmelden",
        {"email": "geschaeftsstelle@demo.gremienportal.de", "password": DEMO_PASSWORD},
    )
    assert response.headers["Location"] == "/anmelden/code"
    response = web.post("/anmelden/code", {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()})
    assert response.status_code == 302
    assert web.client.get("/geschaeftsstelle/").status_code == 200


def test_users_reset_second_factor(app, db, user_factory):
    admin = user_factory("admin")
    assert admin.totp_secret is not None
    result = app.test_cli_runner().invoke(
        args=["users", "reset-second-factor", "--email", admin.email]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(User, admin.id).totp_secret is None

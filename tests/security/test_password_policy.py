"""Password policy (ASVS 6.2.4, 6.2.11): common, context-specific and trivial passwords are refused
on every path that sets a password: own change, admin creating an account, the CLI."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.auth.password_policy import password_problem
from app.models.user import User
from tests.factories import DEFAULT_PASSWORD

REFUSED = {
    "123456789012": "zu einfach",
    "aaaaaaaaaaaa": "zu einfach",
    "passwortpasswort": "zu einfach",
    "abcdefghijklmn": "zu einfach",
    "987654321098": "zu einfach",
    "Gremienportal2026": "Namen des Portals",
    "IT-Planungsrat2026!": "Namen des Portals",
    "gremienportal!!!": "Namen des Portals",
    "iloveyou1234567": "häufig verwendeten",
    "passwort123456": "häufig verwendeten",
    "Hallo12345678": "häufig verwendeten",
    "qwertzuiop123": "häufig verwendeten",
}


def _change(web, new_password: str):
    return web.post(
        "/konto/passwort",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": new_password,
            "confirm_password": new_password,
        },
    )


@pytest.mark.parametrize(("password", "message"), REFUSED.items())
def test_change_password_refuses_weak_passwords(web, user_factory, password, message):
    web.login(user_factory())
    response = _change(web, password)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "password",
    [
        "{local}-Sommer-2026",  # the e-mail address's local part
        "Mein-{local}@verwaltung.example.org",  # the whole address
        "Sommer-Schmidtke-2026",  # the surname
        "Kunigunde-im-Sommer",  # the first name
    ],
)
def test_change_password_refuses_the_own_name_and_address(web, user_factory, password):
    user = user_factory(email="k.schmidtke@verwaltung.example.org", name="Kunigunde Schmidtke")
    web.login(user)
    response = _change(web, password.format(local="k.schmidtke"))
    assert response.status_code == 400
    assert "Namen noch die E-Mail-Adresse" in response.get_data(as_text=True)


def test_a_long_unusual_password_is_accepted(web, user_factory):
    user = user_factory(email="k.schmidtke@verwaltung.example.org", name="Kunigunde Schmidtke")
    web.login(user)
    assert _change(web, "Tulpen-wachsen-leise-7").status_code == 302


def _create(web, **overrides):
    data = {
        "email": "lieselotte.brandt@verwaltung.example.org",
        "name": "Lieselotte Brandt",
        "roles": ["applicant"],
        "password": "Tulpen-wachsen-leise-7",
        **overrides,
    }
    return web.post("/verwaltung/benutzer/neu", data)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Gremienportal2026", "Namen des Portals"),
        ("123456789012", "zu einfach"),
        ("passwort123456", "häufig verwendeten"),
        ("Brandt-Lieselotte", "Namen noch die E-Mail-Adresse"),
    ],
)
def test_admin_cannot_create_an_account_with_a_weak_password(
    web, user_factory, db, password, message
):
    web.login(user_factory("admin"))
    response = _create(web, password=password)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email.like("lieselotte%"))) is None
    assert _create(web).status_code == 302


def test_cli_refuses_weak_passwords_with_a_german_message(app, db):
    runner = app.test_cli_runner()
    base = [
        *("users", "create", "--email", "cli.person@verwaltung.example.org"),
        *("--name", "CLI", "--role", "applicant"),
    ]
    for password, message in (
        ("Gremienportal2026", "Namen des Portals"),
        ("aaaaaaaaaaaa", "zu einfach"),
        ("cli.person-2026-x", "Namen noch die E-Mail-Adresse"),
    ):
        result = runner.invoke(args=[*base, "--password", password])
        assert result.exit_code != 0 and message in result.output, result.output
    assert db.session.scalar(select(User.id)) is None
    result = runner.invoke(args=[*base, "--password", "Tulpen-wachsen-leise-7"])
    assert result.exit_code == 0, result.output


def test_cli_set_password_refuses_weak_passwords(app, db, user_factory):
    user = user_factory()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "set-password", "--email", user.email],
        input="123456789012\n123456789012\n",
    )
    assert result.exit_code != 0 and "zu einfach" in result.output
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(DEFAULT_PASSWORD)


UNUSUAL = ["²³⁴⁵⁶⁷⁸⁹¹²³⁴", "١٢٣٤٥٦٧٨٩٠١٢", "\x00" * 12, "🙂🙃" * 6, "ǅ" * 5 + "x" * 8]


@pytest.mark.parametrize("password", UNUSUAL)
def test_unusual_characters_get_an_answer_not_an_error(app, password):
    with app.test_request_context():
        problem = password_problem(password, email="a@b.de", name="")
    assert problem is None or "Passwort" in problem

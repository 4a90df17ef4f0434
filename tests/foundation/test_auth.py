"""Signing in and out, password change, session invalidation and timeouts."""

from __future__ import annotations

import time

from app.auth.views import FAILED_LOGIN
from app.models.user import User
from tests.factories import DEFAULT_PASSWORD


def test_login_and_logout(web, user_factory):
    user = user_factory("applicant", name="Anna Antrag")
    response = web.login(user)
    assert response.status_code == 302
    page = web.client.get("/").get_data(as_text=True)
    assert "Angemeldet als" in page and "Anna Antrag" in page
    assert web.logout().headers["Location"].endswith("/anmelden")
    assert "Angemeldet als" not in web.client.get("/").get_data(as_text=True)


def test_login_email_is_case_insensitive(web, user_factory):
    user = user_factory(email="Gross.Klein@Verwaltung.example.org")
    assert user.email == "gross.klein@verwaltung.example.org"
    assert web.login("GROSS.KLEIN@verwaltung.EXAMPLE.org").status_code == 302


def test_failed_login_does_not_reveal_whether_the_account_exists(web, user_factory):
    user = user_factory()
    wrong_password = web.login(user, "falsches-Passwort-123")
    unknown_email = web.login("niemand@verwaltung.example.org", "falsches-Passwort-123")
    assert wrong_password.status_code == unknown_email.status_code == 401
    for response in (wrong_password, unknown_email):
        assert str(FAILED_LOGIN) in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(web, user_factory, db):
    user = user_factory()
    user.active = False
    db.session.commit()
    assert web.login(user).status_code == 401


def test_saved_cookie_is_useless_after_logout(app, web, user_factory):
    user = user_factory()
    web.login(user)
    saved = web.client.get_cookie("gremienportal_session").value
    web.logout()
    thief = app.test_client()
    thief.set_cookie("gremienportal_session", saved)
    response = thief.get("/konto/passwort")
    assert response.status_code == 302
    assert "/anmelden" in response.headers["Location"]


def test_password_change_ends_other_sessions(app, web, user_factory):
    user = user_factory()
    other = app.test_client()
    from tests.conftest import Browserless

    Browserless(other).login(user)
    web.login(user)
    response = web.post(
        "/konto/passwort",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "Ein-Neues-Passwort-42",
            "confirm_password": "Ein-Neues-Passwort-42",
        },
    )
    assert response.status_code == 302
    assert web.client.get("/konto/passwort").status_code == 200  # this session continues
    assert other.get("/konto/passwort").status_code == 302  # the other one is gone
    web.logout()
    assert web.login(user, DEFAULT_PASSWORD).status_code == 401
    assert web.login(user, "Ein-Neues-Passwort-42").status_code == 302


def test_password_change_rejects_wrong_current_password(web, user_factory):
    user = user_factory()
    web.login(user)
    response = web.post(
        "/konto/passwort",
        {
            "current_password": "falsch-falsch-falsch",
            "new_password": "Ein-Neues-Passwort-42",
            "confirm_password": "Ein-Neues-Passwort-42",
        },
    )
    assert response.status_code == 400
    assert "Das aktuelle Passwort ist nicht korrekt." in response.get_data(as_text=True)


def test_password_change_validates_length_and_confirmation(web, user_factory):
    web.login(user_factory())
    response = web.post(
        "/konto/passwort",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "kurz",
            "confirm_password": "anders",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "12 bis 128 Zeichen" in page
    assert "stimmen nicht überein" in page
    assert 'href="#new_password"' in page  # the error summary links to the field


def test_deactivation_ends_sessions(app, web, user_factory, db):
    user = user_factory()
    web.login(user)
    from app.admin.operations import set_active

    set_active(db.session.get(User, user.id), False)
    db.session.commit()
    assert web.client.get("/konto/passwort").status_code == 302


def test_throttling_after_five_failures_per_account(app, web, user_factory):
    user = user_factory()
    for attempt in range(5):
        address = {"REMOTE_ADDR": f"10.0.0.{attempt + 1}"}
        response = web.post(
            "/anmelden", {"email": user.email, "password": "falsch"}, environ_base=address
        )
        assert response.status_code == 401
    blocked = web.post(
        "/anmelden",
        {"email": user.email, "password": DEFAULT_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.99"},
    )
    assert blocked.status_code == 429
    assert "Zu viele Versuche" in blocked.get_data(as_text=True)


def test_throttling_after_five_failures_per_address(web, user_factory):
    user_factory(email="echt@verwaltung.example.org")
    for number in range(5):
        web.post("/anmelden", {"email": f"rate{number}@verwaltung.example.org", "password": "x"})
    response = web.login("echt@verwaltung.example.org")
    assert response.status_code == 429


def test_successful_logins_do_not_count(web, user_factory):
    user = user_factory()
    for _ in range(7):
        assert web.login(user).status_code == 302
        web.logout()


def test_idle_timeout(app, web, user_factory):
    web.login(user_factory())
    with web.client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 31 * 60
    response = web.client.get("/konto/passwort")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_absolute_timeout(app, web, user_factory):
    web.login(user_factory())
    with web.client.session_transaction() as session:
        session["login_at"] = int(time.time()) - 11 * 3600
    response = web.client.get("/konto/passwort")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_open_redirect_is_refused(web, user_factory):
    user = user_factory()
    token = web.token("/anmelden")
    response = web.client.post(
        "/anmelden?next=//evil.example/x",
        data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_next_redirect_within_site(web, user_factory):
    user = user_factory()
    token = web.token("/anmelden")
    response = web.client.post(
        "/anmelden?next=/konto/passwort",
        data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/konto/passwort"


def test_login_without_csrf_token_is_refused(client, user_factory):
    user = user_factory()
    response = client.post("/anmelden", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "Sicherheitsmerkmal fehlt" in response.get_data(as_text=True)


def test_logout_only_by_post(web, user_factory):
    web.login(user_factory())
    assert web.client.get("/abmelden").status_code == 405


def test_login_rejects_control_characters_and_oversize(web):
    response = web.post("/anmelden", {"email": "a\x00b@x.de", "password": "x"})
    assert response.status_code == 400
    assert "Steuerzeichen" in response.get_data(as_text=True)
    response = web.post("/anmelden", {"email": "a" * 300 + "@x.de", "password": "x"})
    assert response.status_code == 400


def test_sign_out_on_one_instance_ends_the_session_on_another(app, database_uri, user_factory):
    """Two app processes on one database: no session state lives in process memory."""
    from app import create_app
    from config import TestingConfig
    from tests.conftest import Browserless, IsolatedClient

    second = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    second.test_client_class = IsolatedClient
    user = user_factory()
    first_web = Browserless(app.test_client())
    first_web.login(user)
    cookie = first_web.client.get_cookie("gremienportal_session").value
    other = second.test_client()
    other.set_cookie("gremienportal_session", cookie)
    assert other.get("/konto/passwort").status_code == 200  # the session works on instance 2
    Browserless(other).logout()
    assert first_web.client.get("/konto/passwort").status_code == 302  # and ends on instance 1


def _change_password(web, current: str, address: str = "127.0.0.1"):
    new = "Tulpen-wachsen-leise-7"
    return web.post(
        "/konto/passwort",
        {"current_password": current, "new_password": new, "confirm_password": new},
        environ_base={"REMOTE_ADDR": address},
    )


def test_password_change_is_throttled_after_five_wrong_current_passwords(web, user_factory):
    user = user_factory()
    web.login(user)
    for attempt in range(5):
        response = _change_password(web, "falsch-falsch-falsch", f"10.0.1.{attempt + 1}")
        assert response.status_code == 400
    blocked = _change_password(web, DEFAULT_PASSWORD, "10.0.1.99")
    assert blocked.status_code == 429
    assert "Zu viele Versuche" in blocked.get_data(as_text=True)
    web.logout()
    assert web.login(user, "Tulpen-wachsen-leise-7").status_code == 401  # nothing was changed


def test_password_change_throttle_counts_per_account(web, user_factory):
    first, second = user_factory(), user_factory()
    web.login(first)
    for _ in range(5):
        assert _change_password(web, "falsch-falsch-falsch").status_code == 400
    web.logout()
    web.login(second)
    assert _change_password(web, DEFAULT_PASSWORD).status_code == 302


def test_refused_new_passwords_do_not_count_towards_the_throttle(web, user_factory):
    web.login(user_factory())
    for _ in range(6):
        response = web.post(
            "/konto/passwort",
            {
                "current_password": DEFAULT_PASSWORD,
                "new_password": "kurz",
                "confirm_password": "kurz",
            },
        )
        assert response.status_code == 400
    assert _change_password(web, DEFAULT_PASSWORD).status_code == 302

"""Account management by administrators."""

from __future__ import annotations

from sqlalchemy import select

from app.models.user import User


def _create(web, **overrides):
    data = {
        "email": "neu@verwaltung.example.org",
        "name": "Neue Person",
        "organisation": "Landesverwaltung",
        "roles": ["applicant", "reviewer"],
        "password": "Ein-Erstes-Passwort-1",
    }
    data.update(overrides)
    return web.post("/verwaltung/benutzer/neu", data)


def test_admin_creates_user_with_several_roles(web, user_factory, db):
    web.login(user_factory("admin"))
    response = _create(web)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "neu@verwaltung.example.org"))
    assert user.roles == {"applicant", "reviewer"}
    assert "neu@verwaltung.example.org" in web.client.get("/verwaltung/benutzer").get_data(
        as_text=True
    )


def test_duplicate_email_is_refused_case_insensitively(web, user_factory, db):
    user_factory(email="doppelt@verwaltung.example.org")
    web.login(user_factory("admin"))
    response = _create(web, email="DOPPELT@verwaltung.example.org")
    assert response.status_code == 400
    assert "bereits ein Konto" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(User.id))) == 2


def test_unknown_role_is_refused(web, user_factory, db):
    web.login(user_factory("admin"))
    response = _create(web, roles=["emperor"])
    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "neu@verwaltung.example.org")) is None


def test_invalid_input_keeps_values(web, user_factory):
    web.login(user_factory("admin"))
    response = _create(web, email="keine-adresse", name="Name\x07mit Steuerzeichen")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in page
    assert "Steuerzeichen" in page
    assert 'value="keine-adresse"' in page


def test_admin_edits_roles(web, user_factory, db):
    target = user_factory("applicant")
    web.login(user_factory("admin"))
    response = web.post(
        f"/verwaltung/benutzer/{target.id}",
        {"name": "Geänderter Name", "organisation": "FITKO", "roles": ["secretariat"]},
    )
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, target.id)
    assert changed.roles == {"secretariat"} and changed.name == "Geänderter Name"


def test_admin_cannot_remove_own_admin_role(web, user_factory, db):
    admin = user_factory("admin")
    web.login(admin)
    response = web.post(
        f"/verwaltung/benutzer/{admin.id}", {"name": admin.name, "roles": ["applicant"]}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert "admin" in db.session.get(User, admin.id).roles


def test_admin_deactivates_and_reactivates(web, user_factory, db):
    target = user_factory()
    web.login(user_factory("admin"))
    url = f"/verwaltung/benutzer/{target.id}/aktiv"
    assert web.post(url, form_url="/verwaltung/benutzer").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).active is False
    web.post(url, form_url="/verwaltung/benutzer")
    db.session.expire_all()
    assert db.session.get(User, target.id).active is True


def test_deactivate_without_csrf_is_refused(web, user_factory, db):
    target = user_factory()
    web.login(user_factory("admin"))
    response = web.client.post(f"/verwaltung/benutzer/{target.id}/aktiv")
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, target.id).active is True


def test_unknown_user_id_is_404(web, user_factory):
    web.login(user_factory("admin"))
    assert web.client.get("/verwaltung/benutzer/99999").status_code == 404


def test_non_admin_gets_403_and_anonymous_is_sent_to_login(web, user_factory):
    response = web.client.get("/verwaltung/benutzer")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    web.login(user_factory("applicant", "reviewer", "secretariat"))
    response = web.client.get("/verwaltung/benutzer")
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.get_data(as_text=True)

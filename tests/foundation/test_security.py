"""Security headers, cookies, error pages and production configuration."""

from __future__ import annotations

import pytest

from app import create_app
from app.security import CONTENT_SECURITY_POLICY
from config import ProductionConfig, TestingConfig, database_url

PUBLIC_PAGES = [
    "/",
    "/anmelden",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/leichte-sprache",
]


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/gibt-es-nicht"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_csp_forbids_inline_scripts_and_framing():
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_have_no_inline_script_or_style(client, path):
    page = client.get(path).get_data(as_text=True)
    assert "<script" not in page
    assert " style=" not in page


def test_session_cookie_flags(web, user_factory):
    response = web.login(user_factory())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # testing runs on plain HTTP


def test_production_cookie_is_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", "postgresql://user@db.invalid/gremienportal")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_settings(monkeypatch, missing):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", "postgresql://user@db.invalid/gremienportal")
    monkeypatch.delenv(missing)
    with pytest.raises(RuntimeError, match=missing):
        create_app(ProductionConfig)


def test_database_url_normalisation():
    assert database_url("postgres://a@b/c") == "postgresql+psycopg://a@b/c"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_german_404_page(client):
    response = client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_errors_show_no_traceback(database_uri, _schema):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri, TESTING=False)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/kaputt")
    def broken():
        raise RuntimeError("geheimes Detail")

    response = app.test_client().get("/kaputt")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Interner Fehler" in page
    assert "Traceback" not in page and "geheimes Detail" not in page


def test_oversized_request_is_413(client):
    response = client.post("/anmelden", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "zu umfangreich" in response.get_data(as_text=True)


def test_kern_assets_are_served_locally(client):
    response = client.get("/assets/kern/kern.min.css")
    assert response.status_code == 200
    assert b".kern-btn" in response.data
    font = client.get("/assets/kern/fonts/fira-sans/FiraSans-Regular.woff2")
    assert font.status_code == 200 and font.data[:4] == b"wOF2"
    assert client.get("/assets/kern/../package.json").status_code == 404
    assert client.get("/assets/kern/js/kern-kopfzeile.js").status_code == 404


def test_pages_reference_no_external_hosts(client):
    for path in PUBLIC_PAGES:
        page = client.get(path).get_data(as_text=True)
        for tag in ('<link rel="stylesheet" href="http', '<script src="http', '<img src="http'):
            assert tag not in page

"""Behind a reverse proxy (TRUSTED_PROXIES): the client's address comes from the proxy's
X-Forwarded-For, for the sign-in throttling and the security log; without the setting a
client cannot choose its address by sending the header itself."""

from __future__ import annotations

import pytest
from flask import request

from app import create_app
from app.extensions import limiter
from config import TestingConfig
from tests.conftest import Browserless, IsolatedClient


@pytest.fixture
def proxied(app, database_uri):
    """A second app on the same database, behind one trusted proxy."""
    proxied = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri, TRUSTED_PROXIES=1)
    proxied.test_client_class = IsolatedClient
    proxied.add_url_rule("/_seen", "seen", lambda: f"{request.remote_addr} {request.scheme}")
    limiter.reset()
    return proxied


def _fail_five_times(web: Browserless, forwarded: str) -> None:
    for number in range(5):
        response = web.post(
            "/anmelden",
            {"email": f"niemand{number}@verwaltung.example.org", "password": "falsch"},
            headers={"X-Forwarded-For": forwarded},
        )
        assert response.status_code == 401


def test_the_proxy_s_address_and_scheme_are_used(proxied):
    client = proxied.test_client()
    seen = client.get(
        "/_seen", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    )
    assert seen.get_data(as_text=True) == "203.0.113.7 https"
    # What the client put in front of the proxy's own entry is not believed.
    forged = client.get("/_seen", headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.8"})
    assert forged.get_data(as_text=True) == "203.0.113.8 http"


def test_throttling_counts_per_forwarded_address(proxied, user_factory):
    user_factory(email="echt@verwaltung.example.org")
    web = Browserless(proxied.test_client())
    _fail_five_times(web, "203.0.113.7")
    blocked = web.post(
        "/anmelden",
        {"email": "echt@verwaltung.example.org", "password": "falsch"},
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    assert blocked.status_code == 429
    other = web.post(
        "/anmelden",
        {"email": "echt@verwaltung.example.org", "password": "falsch"},
        headers={"X-Forwarded-For": "198.51.100.4"},
    )
    assert other.status_code == 401  # another visitor behind the same proxy is not blocked


def test_without_trusted_proxies_the_header_is_ignored(app, web, user_factory):
    app.add_url_rule("/_seen", "seen", lambda: request.remote_addr)
    user_factory(email="echt@verwaltung.example.org")
    seen = web.client.get("/_seen", headers={"X-Forwarded-For": "203.0.113.7"})
    assert seen.get_data(as_text=True) == "127.0.0.1"
    _fail_five_times(web, "203.0.113.7")
    changed = web.post(
        "/anmelden",
        {"email": "echt@verwaltung.example.org", "password": "falsch"},
        headers={"X-Forwarded-For": "198.51.100.4"},
    )
    assert changed.status_code == 429  # a new header value is no way around the throttle

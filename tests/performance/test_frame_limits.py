"""Flask-Limiter's work is skipped for endpoints without limits, and only for those."""

from __future__ import annotations

from app.extensions import UNLIMITED
from tests.conftest import DEFAULT_PASSWORD


def test_only_endpoints_without_limits_are_skipped(app, client):
    client.get("/impressum")
    client.get("/anmelden")
    client.get("/api/v1/bodies")
    client.get("/healthz")
    known = app.extensions[UNLIMITED]
    assert known["main.impressum"] is True
    assert known["auth.login"] is False  # the sign-in throttle (POST)
    assert known["api.list_bodies"] is False  # the API's shared limit
    assert known["main.healthz"] is True


def test_the_login_throttle_still_counts_after_unlimited_pages(app, web, user_factory):
    app.config["LOGIN_RATE_LIMIT"] = "2 per 15 minutes"
    user = user_factory("applicant")
    statuses = []
    for _ in range(4):
        web.client.get("/impressum")  # an unlimited page in between
        response = web.post("/anmelden", {"email": user.email, "password": "falsch"})
        statuses.append(response.status_code)
    assert 429 not in statuses[:2]  # wrong password: the form again
    assert statuses[2:] == [429, 429]
    # The right password is throttled too, until the window ends.
    response = web.post("/anmelden", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429


def test_the_api_limit_still_counts(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    statuses = []
    for _ in range(5):
        client.get("/impressum")
        statuses.append(client.get("/api/v1/bodies").status_code)
    assert statuses == [200, 200, 200, 429, 429]


def test_a_changed_limit_is_resolved_again_on_the_next_request(app, client):
    # The first requests resolve and remember the API limit under the configured string.
    app.config["API_RATE_LIMIT"] = "100 per minute"
    assert [client.get("/api/v1/bodies").status_code for _ in range(3)] == [200, 200, 200]
    # A tighter limit in the running app applies at once, not the remembered one.
    # (Each limit string counts in its own window: the 3 requests above were under the old.)
    app.config["API_RATE_LIMIT"] = "2 per minute"
    statuses = [client.get("/api/v1/bodies").status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]


def test_each_app_keeps_its_own_resolved_limits(app, client, database_uri):
    from app import create_app
    from config import TestingConfig

    app.config["API_RATE_LIMIT"] = "2 per minute"
    other = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri, API_RATE_LIMIT="1000 per minute"
    )
    with other.app_context():
        other_client = other.test_client()
        assert [other_client.get("/api/v1/bodies").status_code for _ in range(4)] == [200] * 4
    assert [client.get("/api/v1/bodies").status_code for _ in range(3)] == [200, 200, 429]
    with other.app_context():
        assert other_client.get("/api/v1/bodies").status_code == 200
        from app.extensions import db

        db.engine.dispose()

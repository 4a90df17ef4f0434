"""What a signed-in request costs beyond an anonymous one: one statement, rarely a cookie."""

from __future__ import annotations

import time

from flask.sessions import SecureCookieSessionInterface

from app import security
from app.extensions import db as _db
from tests.performance.conftest import counting

COOKIE = "gremienportal_session"


def _session_of(app, response) -> dict:
    """The session a Set-Cookie header carries, read back with the app's key."""
    value = response.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
    return SecureCookieSessionInterface().get_signing_serializer(app).loads(value)


def test_a_signed_in_page_loads_user_and_roles_in_one_statement(app, web, user_factory):
    user = user_factory("applicant", "reviewer")
    web.login(user)
    web.client.get("/")  # the first page may store the sign-out form's CSRF token
    with counting(_db.engine) as statements:
        page = web.client.get("/").get_data(as_text=True)
    # The start page also reads what each role does next; the user comes with their roles in
    # one statement, and nothing else reads users or roles again.
    user = [s for s in statements if s.startswith(("SELECT users.", "SELECT user_roles."))]
    assert len(user) == 1, statements
    assert "user_roles" in user[0]
    # Both roles came with the user: the navigation shows the areas of both.
    assert "Meine Anträge" in page and "Prüfung" in page


def test_the_cookie_is_sent_again_only_when_the_idle_timestamp_is_old(app, web, user_factory):
    web.login(user_factory("applicant"))
    web.client.get("/meine-antraege")  # may store the CSRF token of the sign-out form
    within = web.client.get("/meine-antraege")
    assert within.status_code == 200
    assert "Set-Cookie" not in within.headers

    stale = int(time.time()) - security.SEEN_AT_GRANULARITY - 5
    with web.client.session_transaction() as session:
        session["seen_at"] = stale
    after = web.client.get("/meine-antraege")
    assert after.status_code == 200
    assert COOKIE in after.headers["Set-Cookie"]
    assert _session_of(app, after)["seen_at"] >= int(time.time()) - 2

    again = web.client.get("/meine-antraege")
    assert "Set-Cookie" not in again.headers


def test_a_session_idle_just_under_the_timeout_still_works(app, web, user_factory):
    web.login(user_factory("applicant"))
    idle = int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds())
    with web.client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - idle + 30
    response = web.client.get("/meine-antraege")
    assert response.status_code == 200
    assert _session_of(app, response)["seen_at"] >= int(time.time()) - 2


def test_signing_out_still_clears_the_cookie(app, web, user_factory):
    web.login(user_factory("applicant"))
    web.client.get("/")
    response = web.logout()
    assert response.status_code == 302
    assert web.client.get("/meine-antraege").status_code == 302

"""A session cookie checked once is not checked again, but nothing else gets past the check."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import request

from app import security

COOKIE = "gremienportal_session"


def _signed_in_cookie(app, web, user) -> str:
    """Sign in, show the welcome (flashed messages are a list: not remembered), the cookie."""
    web.login(user)
    web.client.get("/")
    return web.client.get_cookie(COOKIE).value


def _remembered(app) -> dict:
    interface = app.session_interface
    interface = getattr(interface, "wrapped", interface)  # API paths wrap it (app/api/http.py)
    assert isinstance(interface, security.AssetFreeSessionInterface)
    return interface._verified


def _with_cookie(app, value: str):
    client = app.test_client()
    client.set_cookie(COOKIE, value)
    return client


def test_only_the_exact_checked_value_is_accepted_unchecked(app, web, user_factory):
    value = _signed_in_cookie(app, web, user_factory("applicant"))
    assert _with_cookie(app, value).get("/meine-antraege").status_code == 200
    assert any(key[1] == value for key in _remembered(app))
    # (Not the last character: its low bits are unused by base64, a change may not count.)
    for position in (len(value) - 3, len(value) - 10, len(value) // 2, 5):
        changed = "A" if value[position] != "A" else "B"
        forged = value[:position] + changed + value[position + 1 :]
        assert forged != value
        response = _with_cookie(app, forged).get("/meine-antraege")
        assert response.status_code == 302, position  # not signed in
        assert "/anmelden" in response.headers["Location"]
    assert _with_cookie(app, value).get("/meine-antraege").status_code == 200


def test_a_remembered_cookie_still_expires(app, web, user_factory):
    value = _signed_in_cookie(app, web, user_factory("applicant"))
    assert _with_cookie(app, value).get("/meine-antraege").status_code == 200
    assert any(key[1] == value for key in _remembered(app))
    app.permanent_session_lifetime = timedelta(seconds=1)
    time.sleep(2.1)
    assert _with_cookie(app, value).get("/meine-antraege").status_code == 302


def test_a_change_by_one_request_never_shows_in_another_with_the_same_cookie(
    app, web, user_factory
):
    """Each request gets its own copy of the remembered session."""
    _signed_in_cookie(app, web, user_factory("applicant"))
    stale = int(time.time()) - security.SEEN_AT_GRANULARITY - 5
    with web.client.session_transaction() as session:
        session["seen_at"] = stale
    value = web.client.get_cookie(COOKIE).value
    for turn in range(3):
        # The request refreshes seen_at in its session: had it changed the remembered one,
        # the next request would find a fresh timestamp and send no cookie.
        response = _with_cookie(app, value).get("/meine-antraege")
        assert response.status_code == 200
        assert COOKIE in response.headers.get("Set-Cookie", ""), turn
        assert any(key[1] == value for key in _remembered(app))


def test_signing_out_ends_a_remembered_session(app, web, user_factory):
    value = _signed_in_cookie(app, web, user_factory("applicant"))
    assert _with_cookie(app, value).get("/meine-antraege").status_code == 200
    assert any(key[1] == value for key in _remembered(app))
    assert web.logout().status_code == 302
    # The old cookie is still validly signed, but its session token is no longer the user's.
    assert _with_cookie(app, value).get("/meine-antraege").status_code == 302


def test_a_session_with_changeable_values_is_not_remembered(app, web, user_factory):
    web.login(user_factory("applicant"))  # the sign-in flashes a welcome: a list in the session
    value = web.client.get_cookie(COOKIE).value
    with app.test_request_context(headers={"Cookie": f"{COOKIE}={value}"}):
        session = app.session_interface.open_session(app, request)
        assert isinstance(session.get("_flashes"), list)
    assert not any(key[1] == value for key in _remembered(app))

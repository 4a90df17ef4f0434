"""The benchmark's signed-in clients keep the session cookie the server sends, as browsers do."""

from __future__ import annotations

from bench.scenarios import Session, _get


def test_a_session_keeps_only_its_own_cookie():
    session = Session("first", csrf="token")
    session.keep(None)
    session.keep("other=1; Path=/")
    assert session.cookie == "first"
    session.keep("gremienportal_session=renewed.sig; Expires=Sun, 29 Nov 2026; HttpOnly; Path=/")
    assert session.cookie == "renewed.sig"
    assert session.headers == {"Cookie": "gremienportal_session=renewed.sig"}
    assert session.csrf == "token"


def test_a_page_read_as_a_session_sends_the_cookie_it_was_given_last():
    session = Session("first")
    make = _get("/meine-antraege", session)
    request = make(0)
    assert request.headers == {"Cookie": "gremienportal_session=first"}
    request.on_response(200, {"set-cookie": "gremienportal_session=second; Path=/"})
    assert make(1).headers == {"Cookie": "gremienportal_session=second"}
    make(1).on_response(200, {})  # a response without a cookie changes nothing
    assert make(2).headers == {"Cookie": "gremienportal_session=second"}


def test_a_page_read_with_fixed_headers_sends_them_unchanged():
    make = _get("/api/v1/proposals", {"Authorization": "Bearer x"})
    request = make(0)
    assert request.headers == {"Authorization": "Bearer x"} and request.on_response is None

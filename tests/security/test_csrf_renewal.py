"""The CSRF token is renewed when the session's user changes (sign-in, sign-out)."""

from __future__ import annotations

from tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "Tulpen-wachsen-leise-7"


def _change_password(web, token: str):
    return web.client.post(
        "/konto/passwort",
        data={
            "csrf_token": token,
            "current_password": DEFAULT_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )


def test_the_token_from_before_sign_in_is_refused_after_it(web, user_factory):
    user = user_factory()
    before = web.token("/anmelden")
    signed_in = web.client.post(
        "/anmelden", data={"csrf_token": before, "email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert signed_in.status_code == 302
    stale = _change_password(web, before)
    assert stale.status_code == 400
    assert "Sicherheitsmerkmal fehlt" in stale.get_data(as_text=True)
    fresh = web.token("/konto/passwort")
    assert fresh != before
    assert _change_password(web, fresh).status_code == 302


def test_the_token_from_before_sign_out_is_refused_after_it(web, user_factory):
    user = user_factory()
    web.login(user)
    before = web.token("/")
    assert web.client.post("/abmelden", data={"csrf_token": before}).status_code == 302
    data = {"email": user.email, "password": DEFAULT_PASSWORD}
    stale = web.client.post("/anmelden", data={"csrf_token": before, **data})
    assert stale.status_code == 400
    assert "Sicherheitsmerkmal fehlt" in stale.get_data(as_text=True)
    assert web.post("/anmelden", data).status_code == 302
